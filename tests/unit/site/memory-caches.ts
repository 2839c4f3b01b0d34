/**
 * The Cache Storage API in memory, for the worker's modules under Node (which has no caches):
 * entries kept in the order they were put, matched by URL, as browsers do. The browser's own is
 * exercised by the end-to-end tests (tests/e2e/app/).
 */
export class MemoryCache {
  readonly entries = new Map<string, Response>();

  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    return this.entries.get(urlOf(request))?.clone();
  }

  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    const url = urlOf(request);
    // Putting again moves the entry to the end, as in browsers.
    this.entries.delete(url);
    this.entries.set(url, response);
  }

  async delete(request: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(urlOf(request));
  }

  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
}

export class MemoryCacheStorage {
  readonly caches = new Map<string, MemoryCache>();

  async open(name: string): Promise<MemoryCache> {
    let cache = this.caches.get(name);
    if (!cache) this.caches.set(name, (cache = new MemoryCache()));
    return cache;
  }

  async keys(): Promise<string[]> {
    return [...this.caches.keys()];
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }

  asCacheStorage(): CacheStorage {
    return this as unknown as CacheStorage;
  }
}

const urlOf = (request: RequestInfo | URL) =>
  new URL(
    typeof request === "string" ? request : request instanceof URL ? request.href : request.url,
    "https://p92.test",
  ).href;
