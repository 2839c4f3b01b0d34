import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, inboxHarness, settled } from "./inbox-harness.ts";

// Deliveries queued when the sending server is killed (kill -9, no chance to tidy up) are all
// delivered after it starts again, with the same activity ids, so a receiver applies each once.
const h = inboxHarness(["bob"]);
const SCRIPT = path.resolve(import.meta.dirname, "../../../fake-fediverse/delivering-process.ts");

/** Runs the server's federation side in a process of its own; resolves with it once it is up. */
function startSender(...args: string[]): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    env: {
      ...process.env,
      P92_DATA_DIR: h.dataDir,
      P92_PUBLIC_URL: ORIGIN,
      P92_FEDERATION_ALLOW_PRIVATE: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      lines.push(...chunk.split("\n").filter(Boolean));
      if (lines.includes("ready")) resolve({ child, lines });
    });
    child.once("exit", (code) => reject(new Error(`The sender exited early (${code})`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

const creates = (status: number | null) =>
  h.remote.received
    .filter((r) => r.activity.type === "Create" && r.status === status)
    .map((r) => r.activity.id);

it("loses no delivery to a kill -9, and sends each again with the same id after the restart", async () => {
  await newAccount(h.runtime.store, "alice");
  await h.deliver("/api/inbox", {
    "@context": AS_CONTEXT,
    id: `${h.remote.actorUri("bob")}#follows/${newId()}`,
    type: "Follow",
    actor: h.remote.actorUri("bob"),
    object: `${ORIGIN}/api/accounts/alice`,
  });
  await h.receivedOf("Accept");
  await h.close();

  // The other server takes each delivery in and never answers: all three are in flight.
  h.remote.setInbox("hang");
  const first = await startSender("post", "alice", "3");
  const postIds = first.lines.filter((line) => line !== "ready");
  expect(postIds).toHaveLength(3);
  await settled(async () => creates(null).length).toBe(3);
  await killed(first.child, "SIGKILL");

  h.remote.setInbox("accept");
  const second = await startSender();
  const expected = postIds.map((id) => `${ORIGIN}/api/posts/${id}#create`).sort();
  await settled(async () => [...new Set(creates(202))].sort()).toEqual(expected);
  expect([...creates(null)].sort()).toEqual(expected);
  await killed(second.child, "SIGTERM");
  await h.reopen();
}, 30_000);
