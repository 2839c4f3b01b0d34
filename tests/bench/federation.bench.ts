import { fork, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { newId } from "../../shared/ids.ts";
import type { Delivery, ReceiversReady } from "../fake-fediverse/inbox-receivers.ts";
import { startRemoteServer } from "../fake-fediverse/remote-server.ts";
import { freePort, startServer, tempDir, type RunningServer } from "../e2e/support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../e2e/support/tls.ts";
import { BENCH_PASSWORD, seedFederation, type RemoteSeed } from "./federation-seed.ts";
import { atLeast, below, info, type BenchResult } from "./report.ts";

const FOLLOWERS = 10_000;
const RECEIVERS = 100;
const INBOX_ACTIVITIES = 3_000;
const INBOX_SENDERS = 10;
const INBOX_CONCURRENCY = 16;
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

/**
 * Federation at scale: a post fanned out to 10,000 followers on 100 servers (one receiver process
 * on 100 HTTPS ports, checking every signature), and signed Create(Note)s received, verified and
 * stored by the inbox.
 */
export async function run(): Promise<BenchResult[]> {
  return [...(await fanOut()), ...(await inbox())];
}

async function signIn(server: RunningServer, handle: string): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ handle, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

/** Polls `done` every `everyMs` until it holds. */
async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 10,
) {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function fanOut(): Promise<BenchResult[]> {
  const certificates = makeTestCertificates();
  trustInThisProcess(certificates);
  const receivers = fork(
    path.resolve(import.meta.dirname, "../fake-fediverse/inbox-receivers.ts"),
    [String(RECEIVERS), certificates.dir],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caFile }, stdio: "inherit" },
  );
  const dataDir = tempDir("bench-fanout");
  let server: RunningServer | null = null;
  try {
    const deliveries: (Delivery & { at: number })[] = [];
    const { ports } = await new Promise<ReceiversReady>((resolve, reject) => {
      receivers.once("error", reject);
      receivers.on("message", (message: ReceiversReady | Delivery) => {
        if ("ports" in message) resolve(message);
        else deliveries.push({ ...message, at: performance.now() });
      });
    });
    const port = await freePort();
    const env = { ...certificates.serverEnv, P92_PUBLIC_URL: `https://localhost:${port}` };
    const followers: RemoteSeed[] = Array.from({ length: FOLLOWERS }, (_, i) => {
      const origin = `https://localhost:${ports[i % RECEIVERS]}`;
      const actorUri = `${origin}/users/f${i}`;
      return {
        handle: `f${i}@localhost:${ports[i % RECEIVERS]}`,
        actorUri,
        inbox: `${actorUri}/inbox`,
        sharedInbox: `${origin}/inbox`,
      };
    });
    await seedFederation({ ...env, P92_DATA_DIR: dataDir }, "author", { followers });
    server = await startServer({ port, dataDir, env });
    const auth = await signIn(server, "author");

    /** Posts once; answers how long until every receiver had the Create, verified. */
    const post = async (): Promise<number> => {
      const id = newId();
      const from = deliveries.length;
      const started = performance.now();
      const response = await fetch(`${server!.url}/api/posts`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ id, text: `To all ${FOLLOWERS} followers, on ${RECEIVERS} servers` }),
      });
      if (response.status !== 201) throw new Error(`post: ${response.status} ${await response.text()}`);
      const creates = () =>
        deliveries
          .slice(from)
          .filter((d) => d.type === "Create" && d.id.startsWith(`${server!.url}/api/posts/${id}`));
      await waitFor(
        "every server's Create",
        () => new Set(creates().map((d) => d.port)).size === RECEIVERS,
        60_000,
      );
      const unverified = creates().filter((d) => !d.verified);
      if (unverified.length > 0) throw new Error(`${unverified.length} deliveries did not verify`);
      return Math.max(...creates().map((d) => d.at)) - started;
    };
    // The first post opens every connection and has its key fetched by every server; the next
    // ones find connections open and keys known, as a running server mostly does.
    const first = await post();
    const warm = [await post(), await post(), await post()].sort((a, b) => a - b)[1]!;
    return [
      below(
        `fan-out: a post to ${FOLLOWERS} followers on ${RECEIVERS} servers, all signed and delivered`,
        first,
        5000,
        "ms",
      ),
      info("fan-out deliveries per second (first post)", RECEIVERS / (first / 1000), "deliveries/s"),
      info("fan-out of a later post (median of 3)", warm, "ms"),
    ];
  } finally {
    await server?.stop();
    receivers.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(certificates.dir, { recursive: true, force: true });
  }
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface InboxRun {
  /** From the first request sent to the last 202. */
  acceptedMs: number;
  /** From the first request sent until every activity was handled. */
  handledMs: number;
  /** CPU seconds the receiving process used meanwhile. */
  cpu: number;
}

/**
 * Sends the signed requests, INBOX_CONCURRENCY at a time, to a receiving process; waits until
 * `handled` says all were handled.
 */
async function sendAll(requests: Request[], pid: number, handled: () => Promise<boolean>): Promise<InboxRun> {
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: INBOX_CONCURRENCY }, async () => {
      while (next < requests.length) {
        const response = await fetch(requests[next++]!);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const accepted = performance.now();
  if (statuses.get(202) !== requests.length)
    throw new Error(`the inbox answered ${JSON.stringify([...statuses])}`);
  // Asked every 50 ms: the asking is work for the process measured too.
  await waitFor("every activity to be handled", handled, 180_000, 50);
  const done = performance.now();
  return { acceptedMs: accepted - started, handledMs: done - started, cpu: cpuSeconds(pid) - cpuBefore };
}

async function inbox(): Promise<BenchResult[]> {
  const names = Array.from({ length: INBOX_SENDERS }, (_, i) => `sender${i}`);
  const remote = await startRemoteServer(names);
  const dataDir = tempDir("bench-inbox");
  let server: RunningServer | null = null;
  try {
    const port = await freePort();
    const env = {
      P92_PUBLIC_URL: `http://localhost:${port}`,
      P92_FEDERATION_ALLOW_PRIVATE: "1",
      // One server sending this much would wait on its limits; here the rate of work is measured.
      P92_LIMIT_INBOX_PER_DOMAIN: "100000000/1",
      P92_LIMIT_POSTS_PER_IP: "100000000/1",
      P92_LIMIT_POSTS_PER_ACCOUNT: "100000000/1",
    };
    const followed = names.map((name) => ({
      handle: remote.handle(name),
      actorUri: remote.actorUri(name),
      inbox: `${remote.actorUri(name)}/inbox`,
      sharedInbox: `${remote.origin}/inbox`,
    }));
    await seedFederation({ ...env, P92_DATA_DIR: dataDir }, "reader", { followed });
    server = await startServer({
      port,
      dataDir,
      env,
    });
    const url = server.url;
    // Signed before the clock starts: the senders' work is theirs, not this server's.
    const signed = (inbox: string) =>
      Promise.all(
        Array.from({ length: INBOX_ACTIVITIES }, (_, i) =>
          remote.signed(inbox, create(remote, names[i % INBOX_SENDERS]!, i)),
        ),
      );
    const p92 = await sendAll(await signed(`${url}/api/inbox`), server.process.pid!, async () => {
      const health = (await (await fetch(`${url}/api/health`)).json()) as { federation: { queued: number } };
      return health.federation.queued === 0;
    });
    let posts = 0;
    for (const name of names) {
      const account = await (
        await fetch(`${url}/api/accounts/${encodeURIComponent(remote.handle(name))}`)
      ).json();
      posts += (account as { account: { postCount: number } }).account.postCount;
    }
    if (posts !== INBOX_ACTIVITIES) throw new Error(`${posts} of ${INBOX_ACTIVITIES} posts were stored`);
    await server.stop();
    server = null;

    const floor = await fedifyFloor(signed);
    const rate = (run: InboxRun) => INBOX_ACTIVITIES / (run.handledMs / 1000);
    return [
      atLeast(
        `inbox: signed Create(Note)s verified and stored (${INBOX_CONCURRENCY} senders at once)`,
        rate(p92),
        300,
        "activities/s",
      ),
      info(
        "inbox: answered 202 (signature checked, queued)",
        INBOX_ACTIVITIES / (p92.acceptedMs / 1000),
        "activities/s",
      ),
      info("inbox: queue still running after the last 202", p92.handledMs - p92.acceptedMs, "ms"),
      info("inbox: server CPU per activity", (p92.cpu * 1000) / INBOX_ACTIVITIES, "ms"),
      info(
        "inbox floor: Fedify alone (in-memory store and queue), verified and handled",
        rate(floor),
        "activities/s",
      ),
      info("inbox floor: Fedify alone, CPU per activity", (floor.cpu * 1000) / INBOX_ACTIVITIES, "ms"),
    ];
  } catch (error) {
    console.error(server?.output().slice(-4000));
    throw error;
  } finally {
    await server?.stop();
    await remote.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same activities sent to Fedify alone (fedify-floor.ts), in a process of its own. */
async function fedifyFloor(signed: (inbox: string) => Promise<Request[]>): Promise<InboxRun> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "fedify-floor.ts"), String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`the Fedify floor exited (${code})`)));
      child.stdout.on("data", () => resolve());
    });
    const url = `http://localhost:${port}`;
    return await sendAll(await signed(`${url}/inbox`), child.pid!, async () => {
      const { handled } = (await (await fetch(`${url}/count`)).json()) as { handled: number };
      return handled === INBOX_ACTIVITIES;
    });
  } finally {
    child.kill();
  }
}

/** A Mastodon-shaped Create of a public note with a link and a hashtag. */
function create(remote: Awaited<ReturnType<typeof startRemoteServer>>, name: string, i: number) {
  const actor = remote.actorUri(name);
  const id = `${actor}/statuses/${i}`;
  const note = {
    id,
    type: "Note",
    attributedTo: actor,
    content: `<p>Note ${i} from ${name}: see <a href="https://example.com/${i}" rel="nofollow noopener">example.com/${i}</a> <a href="${remote.origin}/tags/bench" class="mention hashtag" rel="tag">#<span>bench</span></a></p>`,
    published: new Date().toISOString(),
    url: `${remote.origin}/@${name}/${i}`,
    to: [PUBLIC],
    cc: [`${actor}/followers`],
    tag: [{ type: "Hashtag", href: `${remote.origin}/tags/bench`, name: "#bench" }],
  };
  return {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${id}/activity`,
    type: "Create",
    actor,
    to: note.to,
    cc: note.cc,
    object: note,
  };
}
