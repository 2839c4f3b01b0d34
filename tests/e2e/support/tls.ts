import tls from "node:tls";
import { makeTestCertificates as makeCertificates, type TestCertificates } from "../../fake-fediverse/tls.ts";

export interface ServerCertificates extends TestCertificates {
  /** What a P92 server needs to serve HTTPS and trust the other test servers. */
  serverEnv: Record<string, string>;
}

/**
 * The throwaway certificates (see fake-fediverse/tls.ts) with the settings that make a P92
 * server serve HTTPS with them, trust the other test servers through NODE_EXTRA_CA_CERTS, and
 * reach them on loopback.
 */
export function makeTestCertificates(): ServerCertificates {
  const certificates = makeCertificates();
  return {
    ...certificates,
    serverEnv: {
      P92_TLS_CERT: certificates.certFile,
      P92_TLS_KEY: certificates.keyFile,
      NODE_EXTRA_CA_CERTS: certificates.caFile,
      P92_FEDERATION_ALLOW_PRIVATE: "1",
    },
  };
}

/** Makes this test process (its fetch and Fedify's) trust the throwaway CA too. */
export function trustInThisProcess(certificates: TestCertificates): void {
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), certificates.ca]);
}
