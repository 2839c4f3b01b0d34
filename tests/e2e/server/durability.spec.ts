import { newId } from "../../../shared/ids.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("every acknowledged post survives kill -9 in the middle of a burst", async ({ request }) => {
  test.setTimeout(120_000);
  const api = new Api(request, server.current.url);
  const writer = await api.signUp("steady");
  const acknowledged: string[] = [];
  let killed = false;
  const burst = Array.from({ length: 8 }, async () => {
    while (!killed) {
      const id = newId();
      try {
        const response = await api.post(writer, `burst ${id}`, {}, id);
        if (response.status() === 201) acknowledged.push(id);
      } catch {
        return; // the connection died with the server
      }
    }
  });
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
  await server.current.kill();
  killed = true;
  await Promise.all(burst);

  let restarted: RunningServer | undefined;
  try {
    restarted = await startServer({
      dataDir: server.current.dataDir,
      port: server.current.port,
      env: RELAXED_LIMITS,
    });
    const stored = new Set<string>();
    let next: string | null = null;
    do {
      const query: string = next ? `?before=${next}` : "";
      const page = await (await request.get(`${restarted.url}/api/accounts/steady/posts${query}`)).json();
      for (const post of page.posts as { id: string }[]) stored.add(post.id);
      next = page.next;
    } while (next);
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
  } finally {
    // useServer's afterAll stops (and cleans up after) this replacement instead.
    if (restarted) server.current = restarted;
  }
});
