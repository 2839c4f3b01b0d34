/**
 * How Firefox reaches the fake Instagram. Chromium's tests reroute requests with Playwright's
 * `context.route`; over WebDriver BiDi there is no such hook for the extension's background page,
 * which downloads the avatar. So Firefox gets a proxy (its `network.proxy.*` preferences): a
 * CONNECT to Instagram's hosts on 443 is answered here by an HTTPS server with a throwaway
 * certificate for those names (Firefox runs with `acceptInsecureCerts`), which passes each request
 * to the fake Instagram as Chromium's route does. Every other CONNECT is refused: the tests' network
 * is closed anyway, and loopback never goes through the proxy.
 */
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { makeTestCertificates } from "../../fake-fediverse/tls.ts";

const INSTAGRAM_HOSTS = /^(www\.instagram\.com|[a-z0-9.-]+\.cdninstagram\.com|[a-z0-9.-]+\.fbcdn\.net):443$/;

export interface InstagramProxy {
  port: number;
  close(): Promise<void>;
}

export async function startInstagramProxy(fakeUrl: string): Promise<InstagramProxy> {
  const certificates = makeTestCertificates(["www.instagram.com", "*.cdninstagram.com", "*.fbcdn.net"]);
  const fake = new URL(fakeUrl);
  const tlsServer = https.createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    const forward = http.request(
      {
        host: fake.hostname,
        port: fake.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  const sockets = new Set<Socket>();
  const proxy = http.createServer((_req, res) => {
    res.writeHead(403).end();
  });
  proxy.on("connect", (req: http.IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    if (!INSTAGRAM_HOSTS.test(req.url ?? "")) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    tlsServer.emit("connection", socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      fs.rmSync(certificates.dir, { recursive: true, force: true });
    },
  };
}
