import { endpoint, json, requireAccount } from "../../../server/http/endpoint.ts";
import { spendWrite } from "../../../server/http/write-limits.ts";
import { removeMediaFiles, mediaDir } from "../../../server/media/files.ts";
import { overQuota, storeUpload } from "../../../server/media/upload.ts";
import { toMedia } from "../../../server/serialize.ts";

export const prerender = false;

/** POST /api/media: the raw file as the body; answers 201 { media } to attach to a post. */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  await spendWrite(call, accountId, "post");
  const { config, store } = call.runtime;
  const declared = Number(call.request.headers.get("content-length") ?? "0") || 0;
  const quotaLeft = config.media.quotaBytes - (await store.mediaBytesUsed(accountId));
  const media = await storeUpload(
    call.request.body,
    declared,
    { id: accountId, quotaLeft },
    config.dataDir,
    config.media,
  );
  // Uploads running side by side are each within what was left when they began: the record is
  // refused if together they pass the quota.
  if ((await store.insertMedia(media, config.media.quotaBytes)) === "over_quota") {
    await removeMediaFiles(mediaDir(config.dataDir), [
      media.file,
      ...(media.previewFile ? [media.previewFile] : []),
    ]);
    throw overQuota(config.media.quotaBytes);
  }
  return json({ media: toMedia(config.publicUrl, media) }, 201);
});
