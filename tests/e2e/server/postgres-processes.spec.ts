import { newId } from "../../../shared/ids.ts";
import { openPool } from "../../../site/server/storage/postgres/db.ts";
import { startCluster, type Cluster } from "../../support/postgres-cluster.ts";
import { expect, test } from "../support/fixtures.ts";
import { startServer, tempDir, type RunningServer } from "../support/server.ts";
import { Api, RELAXED_LIMITS, RETRY, type Person } from "./client.ts";

// Several server processes on one PostgreSQL database, as `npm start` run on two ports (or with
// P92_WORKERS) runs them: each request may reach either. A throwaway cluster of its own.

test.describe.configure({ mode: "serial" });

let cluster: Cluster;
let databaseUrl: string;
let dataDir: string;
let one: RunningServer;
let two: RunningServer;

const start = () =>
  startServer({
    dataDir,
    env: { ...RELAXED_LIMITS, P92_DATABASE_URL: databaseUrl, P92_ADMIN_HANDLES: "pgadmin" },
  });

test.beforeAll(async () => {
  cluster = await startCluster();
  const admin = openPool(cluster.url, { max: 1 });
  await admin.unsafe("CREATE DATABASE p92");
  await admin.end();
  databaseUrl = cluster.urlOf("p92");
  // One media folder for both, as the supported setup says (a shared volume).
  dataDir = tempDir("pg-shared");
  one = await start();
  two = await start();
});

test.afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  cluster?.stop();
});

/** Every change the reader's sync brings from `cursor` on, through both processes in turn. */
async function drain(
  apis: Api[],
  reader: Person,
  cursor: string,
): Promise<{ posts: string[]; cursor: string }> {
  const posts: string[] = [];
  for (let turn = 0; ; turn++) {
    const page = await apis[turn % apis.length]!.sync(reader, { cursor });
    posts.push(...page.changes.flatMap((c) => (c.kind === "post" ? [c.post.id] : [])));
    cursor = page.cursor;
    if (!page.more) return { posts, cursor };
  }
}

test("a reader syncing through either process gets every post once, in order, while both take writes", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const apis = [new Api(request, one.url), new Api(request, two.url)];
  const writers = await Promise.all(["ana", "ben", "cleo", "dan"].map((h, i) => apis[i % 2]!.signUp(h)));
  const reader = await apis[1]!.signUp("reader");
  for (const [i, writer] of writers.entries()) {
    expect((await apis[i % 2]!.follow(reader, writer.handle)).status()).toBe(200);
  }
  let { cursor } = await apis[0]!.sync(reader, {});
  const seen: string[] = [];
  let writing = true;
  const reading = (async () => {
    for (let turn = 0; writing; turn++) {
      const page = await apis[turn % 2]!.sync(reader, { cursor });
      seen.push(...page.changes.flatMap((c) => (c.kind === "post" ? [c.post.id] : [])));
      cursor = page.cursor;
    }
  })();
  const byWriter = await Promise.all(
    writers.map(async (writer, w) => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++)
        ids.push((await apis[(w + i) % 2]!.createPost(writer, `${writer.handle} ${i}`)).id);
      return ids;
    }),
  );
  writing = false;
  await reading;
  seen.push(...(await drain(apis, reader, cursor)).posts);
  const written = byWriter.flat();
  expect(seen).toHaveLength(written.length);
  expect(new Set(seen)).toEqual(new Set(written));
  // Each writer's posts arrive in the order they were written.
  for (const ids of byWriter) expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
});

test("likes of one post through both processes at once leave the exact count", async ({ request }) => {
  const apis = [new Api(request, one.url), new Api(request, two.url)];
  const author = await apis[0]!.signUp("author");
  const post = await apis[0]!.createPost(author, "like me");
  const fans = await Promise.all(Array.from({ length: 24 }, (_, i) => apis[i % 2]!.signUp(`fan${i}`)));
  // Each fan likes twice, once through each process, all at once.
  const responses = await Promise.all(
    fans.flatMap((fan) =>
      // RETRY: a pooled connection the server closes as it is reused is tried again (client.ts).
      apis.map((api) =>
        api.request.post(`${api.url}/api/posts/${post.id}/like`, { ...RETRY, headers: fan.auth }),
      ),
    ),
  );
  expect(responses.every((r) => r.ok())).toBe(true);
  for (const api of apis) {
    const response = await api.request.get(`${api.url}/api/posts/${post.id}`);
    expect(((await response.json()) as { post: { likeCount: number } }).post.likeCount).toBe(24);
  }
});

test("a sign-out through one process is refused by the other at once", async ({ request }) => {
  const apis = [new Api(request, one.url), new Api(request, two.url)];
  const person = await apis[0]!.signUp("leaver");
  expect((await request.get(`${two.url}/api/me`, { headers: person.auth })).status()).toBe(200);
  expect((await request.post(`${one.url}/api/auth/sign-out`, { headers: person.auth })).status()).toBe(204);
  expect((await request.get(`${two.url}/api/me`, { headers: person.auth })).status()).toBe(401);
});

test("kill -9 of one process in a burst of posts loses no acknowledged post; the other keeps serving", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const apis = [new Api(request, one.url), new Api(request, two.url)];
  const writer = await apis[1]!.signUp("steady");
  const acknowledged: string[] = [];
  let killed = false;
  const burst = Array.from({ length: 8 }, async (_, n) => {
    const api = apis[n % 2]!;
    while (!killed || api === apis[1]) {
      const id = newId();
      try {
        const response = await api.post(writer, `burst ${id}`, {}, id);
        if (response.status() === 201) acknowledged.push(id);
      } catch {
        if (api === apis[0]) return; // the connection died with the process
        throw new Error("the surviving process failed a post");
      }
      if (killed && acknowledged.length > 600) return;
    }
  });
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
  await one.kill();
  killed = true;
  await Promise.all(burst);
  // The survivor has every acknowledged post, through both processes' writes.
  const stored = new Set<string>();
  let next: string | null = null;
  do {
    const query: string = next ? `?before=${next}` : "";
    const response = await request.get(`${two.url}/api/accounts/steady/posts${query}`);
    const page = (await response.json()) as { posts: { id: string }[]; next: string | null };
    for (const post of page.posts) stored.add(post.id);
    next = page.next;
  } while (next);
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  one = await start();
});

test("P92_WORKERS=2 runs two processes on one port and starts one again when it is killed", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const primary = await startServer({
    dataDir,
    env: { ...RELAXED_LIMITS, P92_DATABASE_URL: databaseUrl, P92_WORKERS: "2" },
  });
  try {
    expect(primary.output()).toContain(`P92 is running at ${primary.url} (2 processes)`);
    const workers = await childPids(primary.process.pid!);
    expect(workers).toHaveLength(2);
    const api = new Api(request, primary.url);
    const person = await api.signUp("clustered");
    process.kill(workers[0]!, "SIGKILL");
    // The other keeps answering while the first is started again.
    for (let i = 0; i < 20; i++) await api.createPost(person, `still here ${i}`);
    await expect.poll(() => primary.output(), { timeout: 30_000 }).toContain("starting another");
    await expect
      .poll(async () => (await childPids(primary.process.pid!)).filter((pid) => pid !== workers[0]).length, {
        timeout: 30_000,
      })
      .toBe(2);
  } finally {
    await primary.stop();
  }
  // Stopping the first process stopped its workers too.
  expect(await childPids(primary.process.pid!)).toEqual([]);
});

test("a server an admin blocks through one process is refused at once by the other", async ({ request }) => {
  const [first, second] = [new Api(request, one.url), new Api(request, two.url)];
  const admin = await first.signUp("pgadmin");
  // An inbox delivery in the name of a key on the server: refused before its signature is read.
  const deliver = (api: Api) =>
    api.request.post(`${api.url}/api/inbox`, {
      headers: {
        "content-type": "application/activity+json",
        signature: `keyId="https://social.pgspam.example/users/x#main-key",headers="(request-target)",signature="AAAA"`,
      },
      data: { type: "Create" },
    });
  expect((await deliver(second)).status()).not.toBe(403);
  const blocked = await first.call("POST", admin, "/api/admin/actions", {
    action: "block_domain",
    domain: "pgspam.example",
  });
  expect(blocked.status()).toBe(201);
  expect((await deliver(second)).status()).toBe(403);
  expect((await deliver(first)).status()).toBe(403);
  await second.call("POST", admin, "/api/admin/actions", {
    action: "unblock_domain",
    domain: "pgspam.example",
  });
  expect((await deliver(first)).status()).not.toBe(403);
});

/** The processes whose parent is `pid` (Linux: /proc). */
async function childPids(pid: number): Promise<number[]> {
  const { readdir, readFile } = await import("node:fs/promises");
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the command name in parentheses: state, ppid, …
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}
