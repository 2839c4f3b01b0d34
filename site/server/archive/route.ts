import { requireAccount, type Call } from "../http/endpoint.ts";
import { found } from "../http/errors.ts";
import { spendWrite } from "../http/write-limits.ts";
import { writeArchive } from "./export.ts";
import { zipStream } from "./zip-stream.ts";

/**
 * GET /api/me/archive: the account's archive, sent while it is written (a ZIP is never whole in
 * the server's memory). It spends an action of the account's and the address's limits.
 */
export async function archiveResponse(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  await spendWrite(call, accountId, "action");
  const account = found(await call.runtime.store.accountById(accountId), "Your account");
  const now = new Date();
  const body = zipStream(
    (zip) => writeArchive(zip, call.runtime, account, now),
    (error) => console.error(`p92: the archive of ${account.handle} failed:`, error),
  );
  const name = `p92-${account.handle}-${now.toISOString().slice(0, 10)}.zip`;
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
