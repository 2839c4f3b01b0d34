// The floor of the inbox benchmark: Fedify by itself, as this machine runs it, with nothing of
// P92's (no storage, no checks of its own). It serves a shared inbox on PORT over node:http with
// Fedify's in-memory key-value store and queue; a Create's listener reads its object, as any
// listener must, and counts it. `GET /count` answers how many were handled.
//
//   node tests/bench/fedify-floor.ts PORT
import { createFederation, InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import { Create, Person } from "@fedify/fedify/vocab";
import http from "node:http";

const port = Number(process.argv[2]);
const federation = createFederation<void>({
  kv: new MemoryKvStore(),
  queue: new InProcessMessageQueue(),
  origin: `http://localhost:${port}`,
  allowPrivateAddress: true,
});
let handled = 0;
// Fedify's inbox needs an actor dispatcher, even for the shared inbox.
federation.setActorDispatcher("/users/{identifier}", (ctx, identifier) =>
  identifier === "reader"
    ? new Person({ id: ctx.getActorUri(identifier), preferredUsername: identifier })
    : null,
);
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox").on(Create, async (ctx, create) => {
  await create.getObject(ctx);
  handled++;
});

const server = http.createServer(async (request, response) => {
  if (request.url === "/count") {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ handled }));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const body = Buffer.concat(chunks);
  const answer = await federation.fetch(
    new Request(`http://localhost:${port}${request.url}`, {
      method: request.method,
      headers,
      body: body.length > 0 ? body : undefined,
    }),
    { contextData: undefined },
  );
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
});
server.listen(port, "localhost", () => process.stdout.write("P92 is running at (the Fedify floor)\n"));
