// A P92 server's federation side in a process of its own, for the crash test: opens the runtime on
// P92_DATA_DIR (with the other settings from the environment) and runs the federation workers
// until it is killed. `post HANDLE N` first makes that account post N times, printing each id.
import { newId } from "../../shared/ids.ts";
import { readConfig } from "../../site/server/config.ts";
import { startFederationWorkers } from "../../site/server/federation/workers.ts";
import { perform } from "../../site/server/operations.ts";
import { createRuntime } from "../../site/server/runtime.ts";

const runtime = await createRuntime(readConfig());
startFederationWorkers(runtime);
const [command, handle, count] = process.argv.slice(2);
if (command === "post") {
  const account = await runtime.store.accountByHandle(handle!);
  if (!account) throw new Error(`No account @${handle}`);
  for (let i = 0; i < Number(count); i++) {
    const id = newId();
    await perform({ runtime, ip: "test" }, account.id, {
      type: "createPost",
      post: { id, text: `post ${i}`, media: [], replyTo: null, quoteOf: null },
    });
    process.stdout.write(`${id}\n`);
  }
}
process.stdout.write("ready\n");
