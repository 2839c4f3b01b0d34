// The floor of the inbox benchmark: Fedify by itself, as this machine runs it, with nothing of
// P92's (no storage, no checks of its own). It serves a shared inbox on PORT over node:http with
// Fedify's in-memory key-value store and queue; a Create's listener reads its object, as any
// listener must, and counts it. `GET /count` answers how many were handled.
//
//   node tests/bench/fedify-floor.ts PORT
import { createFederation, InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import { Create, Person } from "@fedify/fedify/vocab";
import http from "node:http";
import { requestOf } from "../fake-fediverse/node-request.ts";

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
  const answer = await federation.fetch(await requestOf(request, `http://localhost:${port}`), {
    contextData: undefined,
  });
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
});
server.listen(port, "localhost", () => process.stdout.write("P92 is running at (the Fedify floor)\n"));
