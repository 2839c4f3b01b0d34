import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Runtime } from "../runtime.ts";
import { writeArchive } from "./export.ts";
import { readTicket } from "./tickets.ts";
import { ZipWriter, type ZipSink } from "./zip-writer.ts";

/** The reader went away: what was being written is given up. */
class ReaderGone extends Error {}

/** Accounts whose archive this process is writing: one at a time each. */
const writing = new Set<number>();

/**
 * GET /api/archives/<ticket>: the archive a ticket names, written while it is sent, answered by
 * serve.ts itself rather than through Astro so that it goes no faster than the reader takes it
 * (Node's own backpressure: a slow reader holds one chunk, not the archive). HEAD answers the
 * headers and writes nothing, without using the ticket. A failure halfway cuts the connection:
 * the download then fails rather than look complete.
 */
export async function serveArchive(
  request: IncomingMessage,
  response: ServerResponse,
  ticket: string,
  runtime: Runtime,
): Promise<void> {
  const { kv } = runtime.federationStorage;
  const head = request.method === "HEAD";
  const gone = new ApiFailure(
    404,
    "not_found",
    "This download address has expired or was used already: ask for your archive again in Settings",
  );
  const asked = await readTicket(kv, ticket, false);
  if (!asked) throw gone;
  const running = new ApiFailure(
    409,
    "archive_running",
    "Your archive is being downloaded already: wait for that download to finish",
  );
  if (writing.has(asked.accountId)) throw running;
  const account = await runtime.store.accountById(asked.accountId);
  if (!account || account.suspended || account.deleted) throw gone;
  const exportedAt = new Date();
  const answer = () =>
    response.writeHead(200, {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="p92-${account.handle}-${exportedAt.toISOString().slice(0, 10)}.zip"`,
      "Cache-Control": "no-store",
    });
  if (head) return void answer().end();
  // Taken before the ticket is used: of two at once, the second keeps its ticket.
  if (writing.has(account.id)) throw running;
  writing.add(account.id);
  try {
    if (!(await readTicket(kv, ticket, true))) throw gone;
    answer();
    try {
      const zip = new ZipWriter(responseSink(response));
      await writeArchive(zip, runtime, account, { exportedAt, words: asked.words });
      await zip.end();
      response.end();
    } catch (error) {
      if (!(error instanceof ReaderGone))
        console.error(`p92: the archive of ${account.handle} failed:`, error);
      response.destroy();
    }
  } finally {
    writing.delete(account.id);
  }
}

/** Writes into the response, waiting for `drain` when Node's buffer is full. */
function responseSink(response: ServerResponse): ZipSink {
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (response.destroyed || response.writableEnded)
          return reject(new ReaderGone("the archive's reader went away"));
        if (response.write(chunk)) return resolve();
        const settle = (gone: boolean) => () => {
          response.off("drain", drained);
          response.off("close", closed);
          if (gone) reject(new ReaderGone("the archive's reader went away"));
          else resolve();
        };
        const drained = settle(false);
        const closed = settle(true);
        response.once("drain", drained);
        response.once("close", closed);
      }),
  };
}
