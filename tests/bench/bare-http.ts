// The floor of the posting benchmark: node:http by itself on this machine. It reads each request's
// body, parses it as JSON and answers 201 with a small JSON body, as a post's answer is, with no
// routing, no checks and no storage.
//
//   node tests/bench/bare-http.ts PORT
import http from "node:http";

const port = Number(process.argv[2]);
const server = http.createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { id?: string };
  const answer = JSON.stringify({ post: { id: body.id ?? null, createdAt: new Date().toISOString() } });
  response.writeHead(201, { "content-type": "application/json" }).end(answer);
});
server.listen(port, "localhost", () => process.stdout.write("listening\n"));
