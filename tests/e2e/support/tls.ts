import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { tempDir } from "./server.ts";

export interface TestCertificates {
  /** The throwaway certificate authority: trusted by whoever should trust these servers. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** What a P92 server needs to serve HTTPS and trust the other test servers. */
  serverEnv: Record<string, string>;
}

/**
 * A throwaway CA and a certificate it signed for localhost and 127.0.0.1, made with Debian's
 * openssl: servers on loopback can then speak HTTPS to each other (WebFinger lookups are always
 * https), each trusting the CA through NODE_EXTRA_CA_CERTS. Valid for a day.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = tempDir("tls");
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=P92 test CA",
    "-keyout",
    file("ca-key.pem"),
    "-out",
    file("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    file("key.pem"),
    "-out",
    file("server.csr"),
  );
  fs.writeFileSync(file("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca-key.pem"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("san.ext"),
    "-out",
    file("cert.pem"),
  );
  return {
    caFile: file("ca.pem"),
    certFile: file("cert.pem"),
    keyFile: file("key.pem"),
    serverEnv: {
      P92_TLS_CERT: file("cert.pem"),
      P92_TLS_KEY: file("key.pem"),
      NODE_EXTRA_CA_CERTS: file("ca.pem"),
      P92_FEDERATION_ALLOW_PRIVATE: "1",
    },
  };
}

/** Makes this test process (its fetch and Fedify's) trust the throwaway CA too. */
export function trustInThisProcess(certificates: TestCertificates): void {
  const ca = fs.readFileSync(certificates.caFile, "utf8");
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), ca]);
}
