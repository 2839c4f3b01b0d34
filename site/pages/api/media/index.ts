import { endpoint, json, requireAccount } from "../../../server/http/endpoint.ts";
import { takePostingToken } from "../../../server/posts/create.ts";
import { storeUpload } from "../../../server/media/upload.ts";
import { toMedia } from "../../../server/serialize.ts";

export const prerender = false;

/** POST /api/media: the raw file as the body; answers 201 { media } to attach to a post. */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  takePostingToken(call, accountId);
  const { config, store } = call.runtime;
  const declared = Number(call.request.headers.get("content-length") ?? "0") || 0;
  const media = await storeUpload(call.request.body, declared, accountId, config.dataDir, config.media);
  await store.insertMedia(media);
  return json({ media: toMedia(config.publicUrl, media) }, 201);
});
