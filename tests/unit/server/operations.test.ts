import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { newId } from "../../../shared/ids.ts";
import type { NewPost } from "../../../shared/schema/social.ts";
import type { Operation } from "../../../shared/sync.ts";
import { readConfig } from "../../../site/server/config.ts";
import { perform, type SyncedOp } from "../../../site/server/operations.ts";
import { createRuntime, type Runtime } from "../../../site/server/runtime.ts";
import { storeEnv } from "../../support/test-store.ts";
import { newAccount } from "./accounts.ts";

let dataDir: string;
let runtime: Runtime;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-operations-"));
  runtime = await createRuntime(
    readConfig({ P92_DATA_DIR: dataDir, P92_LIMIT_POSTS_PER_ACCOUNT: "2/3600", ...(await storeEnv()) }),
  );
});
afterEach(() => {
  runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = () => ({ runtime, ip: "192.0.2.1" });

const account = (handle: string) => newAccount(runtime.store, handle);

const newPost = (text: string, extra: Partial<NewPost> = {}): NewPost => ({
  id: newId(),
  text,
  media: [],
  replyTo: null,
  quoteOf: null,
  ...extra,
});

/** The error an operation is refused with (what a route answers, and a sync op's result). */
async function refusal(accountId: number, op: Operation, synced?: SyncedOp) {
  const error = await perform(call(), accountId, op, synced).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiFailure)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { status: error.status, ...error.body.error };
}

describe("performing an account's operation", () => {
  it("refuses each kind of problem with its own status, code and field", async () => {
    const ann = await account("ann");
    const ben = await account("ben");
    const post = newPost("ben's");
    await perform(call(), ben, { type: "createPost", post });
    const missing = newId();
    expect(await refusal(ann, { type: "deletePost", postId: post.id })).toEqual({
      status: 403,
      code: "forbidden",
      message: "Only its author can delete or change a post",
    });
    expect(await refusal(ann, { type: "like", postId: missing })).toEqual({
      status: 404,
      code: "not_found",
      message: `Post ${missing} not found`,
    });
    expect(await refusal(ann, { type: "follow", handle: "nobody" })).toMatchObject({
      status: 404,
      message: "@nobody not found",
    });
    expect(await refusal(ann, { type: "follow", handle: "ann" })).toMatchObject({
      status: 422,
      code: "cannot_follow_self",
      field: "handle",
    });
    expect(
      await refusal(ann, { type: "createPost", post: newPost("hi", { replyTo: missing }) }),
    ).toMatchObject({
      status: 404,
      field: "replyTo",
    });
    expect(
      await refusal(ann, { type: "updateProfile", profile: { avatarMediaId: "notmine" } }),
    ).toMatchObject({ status: 404, field: "avatarMediaId", message: "Image notmine of yours not found" });
    expect(await refusal(ann, { type: "createPost", post: { ...post, text: "another" } })).toMatchObject({
      status: 409,
      code: "id_conflict",
      field: "id",
    });
  });

  it("stores the links the server finds, and tells a retried post by its own fields only", async () => {
    const ann = await account("ann");
    const post = newPost("read https://example.com/a and http://p92.example/b, not ftp://x");
    expect(await perform(call(), ann, { type: "createPost", post })).toMatchObject({ status: "created" });
    expect((await runtime.store.postById(post.id, null))?.links).toEqual([
      "https://example.com/a",
      "http://p92.example/b",
    ]);
    // What else the parsed input carries is no part of the post.
    const carrying = { ...post, extra: true };
    expect(await perform(call(), ann, { type: "createPost", post: carrying })).toMatchObject({
      status: "existing",
    });
  });

  it("spends the writing allowance once per sync op: a retried op answers ok again for free", async () => {
    const ann = await account("ann");
    const first = { opId: newId(), retried: false };
    await perform(call(), ann, { type: "createPost", post: newPost("one") }, first);
    await perform(call(), ann, { type: "createPost", post: newPost("two") });
    expect(await refusal(ann, { type: "createPost", post: newPost("three") })).toMatchObject({
      status: 429,
      code: "rate_limited",
    });
    expect(
      await perform(call(), ann, { type: "createPost", post: newPost("one") }, { ...first, retried: true }),
    ).toEqual({ status: "already_applied" });
  });

  it("applies operations in the order they were started, without waiting for each", async () => {
    const ann = await account("ann");
    const post = newPost("like me, then don't");
    await perform(call(), ann, { type: "createPost", post });
    await Promise.all(
      (["like", "unlike", "like", "unlike"] as const).map((type) =>
        perform(call(), ann, { type, postId: post.id }),
      ),
    );
    expect((await runtime.store.postById(post.id, null))?.likeCount).toBe(0);
  });
});
