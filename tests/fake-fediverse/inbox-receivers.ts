// Many servers' shared inboxes in one process, for the fan-out benchmark: it listens on COUNT
// loopback ports over HTTPS (the test certificates in CERT_DIR), checks every delivery's HTTP
// signature (RFC 9421 or draft-cavage, through Fedify's verifier, each signer's key fetched once),
// answers 202 (401 when it does not verify), and tells its parent of each delivery over IPC.
//
//   fork("inbox-receivers.ts", [COUNT, CERT_DIR], { env: { NODE_EXTRA_CA_CERTS: ca.pem } })
//
// Messages to the parent: { ports } once listening, then { port, type, id, verified } per delivery.
import { verifyRequest, type KeyCache } from "@fedify/fedify";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { requestOf } from "./node-request.ts";

export interface ReceiversReady {
  ports: number[];
}

export interface Delivery {
  port: number;
  type: string;
  id: string;
  verified: boolean;
}

const [count, certDir] = process.argv.slice(2);
const tls = {
  cert: fs.readFileSync(path.join(certDir!, "cert.pem")),
  key: fs.readFileSync(path.join(certDir!, "key.pem")),
};
const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
const keys = new Map<string, Awaited<ReturnType<KeyCache["get"]>>>();
const keyCache: KeyCache = {
  get: async (keyId) => keys.get(keyId.href),
  set: async (keyId, key) => void keys.set(keyId.href, key),
};

function receiver(port: () => number) {
  return async (
    request: import("node:http").IncomingMessage,
    response: import("node:http").ServerResponse,
  ) => {
    const signed = await requestOf(request, `https://${request.headers.host}`);
    const body = await signed.clone().text();
    const key = await verifyRequest(signed, {
      documentLoader,
      contextLoader: documentLoader,
      keyCache,
    }).catch(() => null);
    let activity: { type?: string; id?: string } = {};
    try {
      activity = JSON.parse(body) as typeof activity;
    } catch {
      // reported with an empty type
    }
    response.writeHead(key ? 202 : 401).end();
    const delivery: Delivery = {
      port: port(),
      type: String(activity.type ?? ""),
      id: String(activity.id ?? ""),
      verified: key !== null,
    };
    process.send?.(delivery);
  };
}

const ports: number[] = [];
for (let i = 0; i < Number(count); i++) {
  let port = 0;
  const server = https.createServer(
    tls,
    receiver(() => port),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  ports.push(port);
}
process.send?.({ ports } satisfies ReceiversReady);
process.on("disconnect", () => process.exit(0));
