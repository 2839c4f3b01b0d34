import fs from "node:fs/promises";
import path from "node:path";
import { mediaDir, mediaIdOf, removeMediaFiles, removeUnfinishedUploads } from "./media/files.ts";
import type { Runtime } from "./runtime.ts";
import { HANDLE_RESERVED_DAYS } from "./storage/rows/deletions.ts";

/** Uploads nothing attached within a day are removed. */
const UNATTACHED_MEDIA_TTL_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Beyond the request timeout, before an upload's file counts as left over. */
const UPLOAD_GRACE_MS = 60_000;
/** A file this young may be an upload whose record is being written right now. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * The server's housekeeping, at start-up and then every hour: the files interrupted uploads left
 * behind (at start-up on SQLite, all of them), uploads never attached after a day, sessions unused
 * past the idle limit, the handles of accounts deleted 30 days ago (freed), and media files no record names any more (a crash between a commit that
 * released them and their removal). Each is safe with other server processes sharing the database
 * and the media folder.
 */
export async function startMaintenance(runtime: Runtime): Promise<{ stop: () => void }> {
  const dir = mediaDir(runtime.config.dataDir);
  // On SQLite this is the one server process: before it accepts uploads, every leftover is one.
  if (runtime.config.databaseUrl === null) await removeUnfinishedUploads(dir, Infinity);
  const sweep = () =>
    sweepOnce(runtime, dir).catch((error: unknown) => console.error("p92: housekeeping failed:", error));
  await sweep();
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function sweepOnce(runtime: Runtime, dir: string): Promise<void> {
  const { store, config } = runtime;
  await removeUnfinishedUploads(dir, Date.now() - config.requestTimeoutSeconds * 1000 - UPLOAD_GRACE_MS);
  await store.removeUnattachedMedia(new Date(Date.now() - UNATTACHED_MEDIA_TTL_MS).toISOString());
  await store.deleteIdleSessions();
  await store.freeDeletedHandles(new Date(Date.now() - HANDLE_RESERVED_DAYS * 24 * 3600_000).toISOString());
  await removeOrphanFiles(runtime, dir);
}

async function removeOrphanFiles(runtime: Runtime, dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const byId = new Map<string, string[]>();
  for (const name of names) {
    const id = mediaIdOf(name);
    if (id !== null) byId.set(id, [...(byId.get(id) ?? []), name]);
  }
  if (byId.size === 0) return;
  const known = await runtime.store.knownMediaIds([...byId.keys()]);
  const cutoff = Date.now() - ORPHAN_GRACE_MS;
  const orphans: string[] = [];
  for (const [id, files] of byId) {
    if (known.has(id)) continue;
    for (const name of files) {
      const stat = await fs.stat(path.join(dir, name)).catch(() => null);
      if (stat && stat.mtimeMs < cutoff) orphans.push(name);
    }
  }
  await removeMediaFiles(dir, orphans);
}
