import { json, readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { spendWrite } from "../http/write-limits.ts";
import { ARCHIVE_DOWNLOAD_PATH, issueTicket } from "./tickets.ts";
import { ArchiveWordsSchema } from "./words.ts";

/** The body of POST /api/me/archive is a language and a time zone: a few bytes. */
const MAX_BODY_BYTES = 1024;

/**
 * POST /api/me/archive: the address to download the account's archive from, good once for five
 * minutes (tickets.ts). Spends one of the account's and the address's actions. The archive is
 * written when the address is read (serve.ts), in the language and time zone asked.
 */
export async function requestArchive(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  const words = await readJson(call.request, ArchiveWordsSchema, MAX_BODY_BYTES);
  await spendWrite(call, accountId, "action");
  const { ticket, expiresAt } = await issueTicket(call.runtime.federationStorage.kv, { accountId, words });
  // A path, not a URL: the site reaches this server by the address it knows it by.
  return json({ path: `${ARCHIVE_DOWNLOAD_PATH}${ticket}`, expiresAt }, 201);
}
