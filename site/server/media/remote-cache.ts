import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fetch, type Agent, type Response } from "undici";
import type { BlockedHost } from "../federation/blocked-domains.ts";
import { outboundDispatcher } from "../federation/outbound.ts";
import { SERVER_VERSION } from "../version.ts";
import { SNIFF_BYTES, sniff, type SniffedType } from "./sniff.ts";

/**
 * Copies of other servers' photos, videos and avatars, kept on disk so that readers' browsers ask
 * this server for them and never the other server (which would see their address and what they
 * read). Each file is fetched once (whoever asks meanwhile waits for the same fetch), through the
 * same guard as federation's requests (no private address, no blocked server on any redirect
 * hop), within the size limits of uploads, and kept only when its bytes are a photo or video type
 * this server shows. The copies together stay under a bound: the least recently shown go first.
 */

export const remoteMediaDir = (dataDir: string) => path.join(dataDir, "remote-media");

const MAX_REDIRECTS = 5;
/** How long one file's whole download may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** A file that could not be fetched is not asked for again before this. */
const FAILURE_TTL_MS = 5 * 60_000;
const MAX_FAILURES_KEPT = 10_000;
/** A copy shown again is marked recently used at most this often (a write per view otherwise). */
const TOUCH_EVERY_MS = 60 * 60_000;
const TEMP_PREFIX = ".fetching-";
/**
 * Downloads at once; the others wait their turn. Copies under way are not in the bound: this keeps
 * what they may add beyond it to a few largest files.
 */
const MAX_DOWNLOADS = 4;

/** Why another server's file cannot be shown: the message says what happened, after "The file". */
export class RemoteMediaUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "RemoteMediaUnavailable";
  }
}

export interface CachedFile {
  /** Its name in the cache directory. */
  name: string;
  type: SniffedType;
}

export interface RemoteCacheOptions {
  dir: string;
  /** All copies together. */
  maxBytes: number;
  maxImageBytes: number;
  maxVideoBytes: number;
  /** Whether a server is blocked (federation/blocked-domains.ts): nothing is fetched from it. */
  blocked: BlockedHost;
  /** Loopback and private addresses may be fetched (tests only). */
  allowPrivate: boolean;
  /** This server's origin, named in the User-Agent. */
  publicUrl: string;
}

export class RemoteMediaCache {
  readonly dir: string;
  readonly #options: RemoteCacheOptions;
  readonly #dispatcher: Agent;
  readonly #fetching = new Map<string, Promise<CachedFile>>();
  readonly #failed = new Map<string, { at: number; reason: string }>();
  /** Bytes the copies take, read from the directory at the first copy added and at each trim. */
  #used: number | null = null;
  #downloads = 0;
  readonly #waiting: (() => void)[] = [];
  /** Trims run one after another. */
  #trimming: Promise<void> = Promise.resolve();

  constructor(options: RemoteCacheOptions) {
    this.#options = options;
    this.dir = options.dir;
    fs.mkdirSync(this.dir, { recursive: true });
    // Downloads a stop cut short: those last written before any download could still be running
    // (another server process may be fetching into this folder: P92_WORKERS).
    const before = Date.now() - DOWNLOAD_TIMEOUT_MS - 60_000;
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const file = path.join(this.dir, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && stat.mtimeMs < before) fs.rmSync(file, { force: true });
    }
    this.#dispatcher = outboundDispatcher({
      allowPrivate: options.allowPrivate,
      // No cap of undici's (-1): #download checks Content-Length and counts the bytes itself, so a
      // refusal says why.
      maxResponseBytes: -1,
    });
  }

  /** The copy of `url`: kept already, or fetched now. Throws RemoteMediaUnavailable. */
  async get(url: string): Promise<CachedFile> {
    const name = createHash("sha256").update(url).digest("hex");
    const type = await this.#kept(name);
    if (type) return { name, type };
    const failed = this.#failed.get(url);
    if (failed && Date.now() - failed.at < FAILURE_TTL_MS) throw new RemoteMediaUnavailable(failed.reason);
    let pending = this.#fetching.get(url);
    if (!pending) {
      pending = this.#copy(url, name).finally(() => this.#fetching.delete(url));
      this.#fetching.set(url, pending);
    }
    return pending;
  }

  /** The type of a kept copy (marking it used), or null when there is none. */
  async #kept(name: string): Promise<SniffedType | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(path.join(this.dir, name), "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
      const now = new Date();
      if (now.getTime() - (await handle.stat()).mtimeMs > TOUCH_EVERY_MS) await handle.utimes(now, now);
      return sniff(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }

  async #copy(url: string, name: string): Promise<CachedFile> {
    const temp = path.join(this.dir, `${TEMP_PREFIX}${randomUUID()}`);
    await this.#turn();
    try {
      const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
      const { size, type } = await this.#download(await this.#follow(url, signal), temp);
      await fs.promises.rename(temp, path.join(this.dir, name));
      await this.#added(name, size);
      return { name, type };
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      // What went wrong here (a full disk, say) is logged, not told to whoever asked.
      if (!(error instanceof RemoteMediaUnavailable))
        console.warn(`p92: ${url} could not be copied: ${(error as Error).message}`);
      const reason =
        error instanceof RemoteMediaUnavailable ? error.message : "could not be fetched from its server";
      if (this.#failed.size >= MAX_FAILURES_KEPT) this.#failed.clear();
      this.#failed.set(url, { at: Date.now(), reason });
      throw new RemoteMediaUnavailable(reason);
    } finally {
      this.#downloads--;
      this.#waiting.shift()?.();
    }
  }

  /** Waits until fewer than MAX_DOWNLOADS downloads run, then counts this one. */
  async #turn(): Promise<void> {
    while (this.#downloads >= MAX_DOWNLOADS)
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#downloads++;
  }

  /** The answer of `url`, redirects followed (never to a blocked server or past 5 hops). */
  async #follow(url: string, signal: AbortSignal): Promise<Response> {
    let current = new URL(url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (current.protocol !== "https:" && current.protocol !== "http:")
        throw new RemoteMediaUnavailable("is not at a web address");
      if (await this.#options.blocked(current.hostname))
        throw new RemoteMediaUnavailable("is on a server blocked here");
      const response = await fetch(current, {
        dispatcher: this.#dispatcher,
        redirect: "manual",
        signal,
        headers: {
          Accept: "image/*, video/*",
          "User-Agent": `P92/${SERVER_VERSION} (+${this.#options.publicUrl})`,
        },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, current);
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new RemoteMediaUnavailable(`was answered with ${response.status} by its server`);
      }
      return response;
    }
    throw new RemoteMediaUnavailable("is behind too many redirects");
  }

  /** Writes the answer's body to `temp`, within the limits; its size and sniffed type. */
  async #download(response: Response, temp: string): Promise<{ size: number; type: SniffedType }> {
    const { maxImageBytes, maxVideoBytes } = this.#options;
    const limit = Math.max(maxImageBytes, maxVideoBytes);
    const tooBig = () => new RemoteMediaUnavailable(`is larger than this server keeps (${limit} bytes)`);
    if (Number(response.headers.get("content-length") ?? 0) > limit) {
      await response.body!.cancel();
      throw tooBig();
    }
    const handle = await fs.promises.open(temp, "wx");
    let size = 0;
    let head = Buffer.alloc(0);
    try {
      for await (const chunk of response.body!) {
        size += chunk.byteLength;
        if (size > limit) throw tooBig();
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    const type = sniff(head);
    if (!type) throw new RemoteMediaUnavailable("is not a photo or video of a type shown here");
    const [what, max] = type.kind === "image" ? ["photo", maxImageBytes] : ["video", maxVideoBytes];
    if (size > max)
      throw new RemoteMediaUnavailable(`is a ${what} larger than this server keeps (${max} bytes)`);
    return { size, type };
  }

  /**
   * Counts a new copy (`name`) and, past the bound, removes the least recently used others until
   * 90% of it is left, counting again from the directory (one trim at a time).
   */
  async #added(name: string, size: number): Promise<void> {
    // The first copy added reads what the directory holds (this copy included).
    this.#used = this.#used === null ? await this.#usedOnDisk() : this.#used + size;
    if (this.#used <= this.#options.maxBytes) return;
    this.#trimming = this.#trimming
      .then(() => this.#trim(name))
      .catch((error: unknown) => console.warn(`p92: remote media copies could not be trimmed: ${error}`));
    await this.#trimming;
  }

  async #trim(keep: string): Promise<void> {
    const files = await this.#files();
    let used = files.reduce((sum, file) => sum + file.size, 0);
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const file of files) {
      if (used <= this.#options.maxBytes * 0.9) break;
      if (file.name === keep) continue;
      await fs.promises.rm(path.join(this.dir, file.name), { force: true });
      used -= file.size;
    }
    this.#used = used;
  }

  async #usedOnDisk(): Promise<number> {
    return (await this.#files()).reduce((sum, file) => sum + file.size, 0);
  }

  /** The copies on disk (downloads under way left out). */
  async #files(): Promise<{ name: string; size: number; mtimeMs: number }[]> {
    const names = (await fs.promises.readdir(this.dir)).filter((name) => !name.startsWith(TEMP_PREFIX));
    const files = [];
    for (const name of names) {
      const stat = await fs.promises.stat(path.join(this.dir, name)).catch(() => null);
      if (stat?.isFile()) files.push({ name, size: stat.size, mtimeMs: stat.mtimeMs });
    }
    return files;
  }
}
