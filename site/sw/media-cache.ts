/**
 * Photos, video posters and avatars already seen, kept so the feed shows its pictures offline.
 * Bounded by bytes: past the bound the oldest stored file goes first. Files are named by the
 * server once and never change under the same address, so a stored copy is always good.
 */

export { MEDIA_CACHE_NAME } from "../lib/app-worker.ts";

/** The default bound: 200 MB. */
export const MEDIA_CACHE_BYTES = 200 * 1024 * 1024;
/** Each stored copy says its size, so the total is known again after the worker restarts. */
const SIZE_HEADER = "x-p92-bytes";

export class MediaCache {
  /** Address → bytes, oldest first (the cache's own order, which is the order of storing). */
  private index: Promise<Map<string, number>> | null = null;
  private total = 0;
  /** Stores run one after the other, so the total and the evictions never race. */
  private storing: Promise<void> = Promise.resolve();

  private readonly open: () => Promise<Cache>;
  private readonly maxBytes: number;

  constructor(open: () => Promise<Cache>, maxBytes: number = MEDIA_CACHE_BYTES) {
    this.open = open;
    this.maxBytes = maxBytes;
  }

  /**
   * The stored copy, else the network's answer, stored on the way (through `keep`, the fetch
   * event's waitUntil, so the worker lives until it is written). Without network and without a
   * copy the request fails as it would have without the worker.
   */
  async respond(request: Request, keep: (work: Promise<void>) => void): Promise<Response> {
    const cache = await this.open();
    const stored = await cache.match(request.url);
    if (stored) return stored;
    const response = await fetch(request);
    if (keepable(response)) keep(this.store(request.url, response.clone()));
    return response;
  }

  /** The bytes kept now. */
  async size(): Promise<number> {
    await this.load();
    return this.total;
  }

  store(url: string, response: Response): Promise<void> {
    this.storing = this.storing.then(() => this.write(url, response)).catch(() => undefined);
    return this.storing;
  }

  private async write(url: string, response: Response): Promise<void> {
    let index = await this.load();
    const cache = await this.open();
    // The page deleted the cache ("Delete all local data"): what this worker counted is gone.
    const oldest = index.keys().next();
    if (!oldest.done && !(await cache.match(oldest.value))) index = await this.load(true);
    if (index.has(url)) return;
    const body = await response.blob();
    // One file larger than the whole bound would empty it for nothing.
    if (body.size > this.maxBytes) return;
    const headers = new Headers(response.headers);
    headers.set(SIZE_HEADER, String(body.size));
    await cache.put(url, new Response(body, { status: 200, headers }));
    index.set(url, body.size);
    this.total += body.size;
    for (const [oldest, bytes] of index) {
      if (this.total <= this.maxBytes) break;
      await cache.delete(oldest);
      index.delete(oldest);
      this.total -= bytes;
    }
  }

  private load(again = false): Promise<Map<string, number>> {
    if (again) this.index = null;
    this.index ??= (async () => {
      this.total = 0;
      const cache = await this.open();
      const index = new Map<string, number>();
      for (const request of await cache.keys()) {
        const bytes = Number((await cache.match(request))?.headers.get(SIZE_HEADER) ?? 0);
        index.set(request.url, bytes);
        this.total += bytes;
      }
      return index;
    })();
    return this.index;
  }
}

/**
 * Whether an answer may be kept: a whole file (200) the worker can read (an opaque answer from
 * another server without CORS has no size to count), that its server lets caches keep (an upload
 * not yet in a post is `no-cache`).
 */
function keepable(response: Response): boolean {
  const control = response.headers.get("cache-control") ?? "";
  return (
    response.status === 200 &&
    (response.type === "basic" || response.type === "cors") &&
    !/\bno-(store|cache)\b/i.test(control)
  );
}
