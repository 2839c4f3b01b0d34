import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway certificate authority and a certificate it signed for `localhost` (or the host names
 * given, e.g. www.instagram.com for the fake Instagram in Firefox) and 127.0.0.1, made
 * with Debian's `openssl` and valid for two days: servers on loopback serve HTTPS with it
 * (WebFinger's `acct:` lookups are always HTTPS), and clients trust the authority
 * (NODE_EXTRA_CA_CERTS for a process, `tls.setDefaultCACertificates`, or a dispatcher's `ca`).
 */
export interface TestCertificates {
  /** The folder holding ca.pem, cert.pem and key.pem. */
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: string;
  cert: string;
  key: string;
}

export function makeTestCertificates(hostNames: string[] = ["localhost"]): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-tls-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    "ca-key.pem",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=P92 test CA",
  );
  openssl("req", "-new", ...ecKey, "-keyout", "key.pem", "-out", "cert.csr", "-subj", "/CN=localhost");
  fs.writeFileSync(
    file("ext.cnf"),
    `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(",")},IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "cert.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca-key.pem",
    "-CAcreateserial",
    "-out",
    "cert.pem",
    "-days",
    "2",
    "-extfile",
    "ext.cnf",
  );
  return {
    dir,
    caFile: file("ca.pem"),
    certFile: file("cert.pem"),
    keyFile: file("key.pem"),
    ca: fs.readFileSync(file("ca.pem"), "utf8"),
    cert: fs.readFileSync(file("cert.pem"), "utf8"),
    key: fs.readFileSync(file("key.pem"), "utf8"),
  };
}
