import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, notifications, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("a post that mentions people here notifies each once, but not its author, those it answers or anyone blocked", async ({
  request,
}) => {
  const url = server.current.url;
  const api = new Api(request, url);
  const ana = await api.signUp("menana");
  const ben = await api.signUp("menben");
  const cal = await api.signUp("mencal");
  const host = new URL(url).host;
  const kinds = async (person: typeof ana) =>
    (await notifications(api, person)).notifications.map((n) => `${n.kind} ${n.actor}`);

  // By name, and by name with this server's host; twice, and oneself, and no one: once each.
  const post = await api.createPost(
    ana,
    `Hello @menben, @MenCal@${host}, @menben again, @menana and @nobody`,
  );
  expect(await kinds(ben)).toEqual(["mention menana"]);
  expect(await kinds(cal)).toEqual(["mention menana"]);
  expect(await kinds(ana)).toEqual([]);
  const body = (await (await api.call("GET", ben, "/api/notifications")).json()) as {
    notifications: { postId: string | null }[];
  };
  expect(body.notifications[0]!.postId).toBe(post.id);

  // An answer to Ben that names him is a reply to him, not a mention as well.
  const benPost = await api.createPost(ben, "A question");
  await api.createPost(ana, "@menben here is my answer", { replyTo: benPost.id });
  expect(await kinds(ben)).toEqual(["reply menana", "mention menana"]);

  // Cal blocked Ana: her mentions reach him no more.
  expect((await api.call("POST", cal, "/api/accounts/menana/block")).status()).toBe(200);
  await api.createPost(ana, "Still talking to @mencal");
  expect((await api.call("DELETE", cal, "/api/accounts/menana/block")).status()).toBe(200);
  expect(await kinds(cal)).toEqual(["mention menana"]);
});
