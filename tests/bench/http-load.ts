import net from "node:net";

/**
 * A lean HTTP/1.1 load generator: each client is one keep-alive connection that sends a request,
 * waits for the whole answer, checks its status, and sends the next, the way `wrk` does. It costs
 * a fraction of node:http's CPU per request, so on a 2-core machine the server gets the cores.
 */
export async function loadTest(options: {
  url: string;
  clients: number;
  seconds: number;
  /** The request of client `c`: method, path, headers and body. */
  request: (c: number) => { method: string; headers: Record<string, string>; body: string };
  /** Statuses that count as done; any other stops the test with an error. */
  expect: number[];
}): Promise<{ done: number; perSecond: number }> {
  const { hostname, port, pathname } = new URL(options.url);
  const deadline = performance.now() + options.seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, (_, c) =>
      client(
        hostname,
        Number(port),
        () => {
          if (performance.now() >= deadline) return null;
          const { method, headers, body } = options.request(c);
          const lines = [`${method} ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`];
          for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
          lines.push(`Content-Length: ${Buffer.byteLength(body)}`, "", body);
          return lines.join("\r\n");
        },
        (status) => {
          if (!options.expect.includes(status)) throw new Error(`the server answered ${status}`);
          done++;
        },
      ),
    ),
  );
  return { done, perSecond: done / ((performance.now() - started) / 1000) };
}

/** One connection: request, whole answer, next request, until `next` gives none. */
function client(
  host: string,
  port: number,
  next: () => string | null,
  answered: (status: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    const send = () => {
      const request = next();
      if (request === null) {
        socket.end();
        resolve();
      } else socket.write(request);
    };
    socket.on("connect", send);
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      const headEnd = buffered.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString("latin1");
      const end = answerEnd(buffered, head, headEnd + 4);
      if (end === null) return;
      buffered = buffered.subarray(end);
      try {
        answered(Number(head.slice(9, 12)));
      } catch (error) {
        socket.destroy();
        return reject(error);
      }
      send();
    });
  });
}

/** Where the answer whose head ends at `bodyStart` ends, or null while it is incomplete. */
function answerEnd(buffered: Buffer, head: string, bodyStart: number): number | null {
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buffered.length >= end ? end : null;
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`an answer of unknown length: ${head}`);
  // Chunked: hex size line, data, CRLF; a zero size ends the body.
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffered.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffered.subarray(at, lineEnd).toString("latin1"), 16);
    const next = lineEnd + 2 + size + 2;
    if (buffered.length < next) return null;
    if (size === 0) return next;
    at = next;
  }
}
