import http from "node:http";
import type { AddressInfo } from "node:net";
import { getGlobalDispatcher, setGlobalDispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  OUTBOUND_MAX_RESPONSE_BYTES,
  OUTBOUND_TIMEOUTS,
  PrivateAddressError,
  guardOutboundRequests,
  isPublicAddress,
  outboundDispatcher,
  publicLookup,
} from "../../../../site/server/federation/outbound.ts";

let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((_request, response) => response.end("inside"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Why a fetch through the dispatcher failed (fetch wraps it in a TypeError's cause). */
async function refusal(url: string, allowPrivate = false): Promise<unknown> {
  const dispatcher = outboundDispatcher({ allowPrivate });
  try {
    await fetch(url, { dispatcher } as RequestInit);
    return null;
  } catch (error) {
    return (error as { cause?: unknown }).cause;
  } finally {
    await dispatcher.close();
  }
}

describe("the server's own requests to other servers", () => {
  it("tell public addresses from loopback, private, link-local and mapped ones", () => {
    for (const address of ["93.184.215.14", "2606:4700::6810:84e5", "[2606:4700::6810:84e5]"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["::1", "[::1]", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "not an address"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it("never connect to a private address, named by IP or by a name that resolves there", async () => {
    expect(await refusal(`http://127.0.0.1:${port}/`)).toBeInstanceOf(PrivateAddressError);
    // `localhost` passes any check of the URL's text; the address it resolves to is refused when
    // the connection is made, which is what also stops a name rebound to a private address.
    expect(await refusal(`http://localhost:${port}/`)).toBeInstanceOf(PrivateAddressError);
    const lookedUp = await new Promise<unknown>((resolve) =>
      publicLookup("localhost", {}, (error) => resolve(error)),
    );
    expect(lookedUp).toBeInstanceOf(PrivateAddressError);
  });

  it("reach private addresses only when tests allow it, or at an origin the operator set", async () => {
    for (const options of [
      { allowPrivate: true },
      { allowPrivate: false, trustedOrigins: [`http://127.0.0.1:${port}`] },
    ]) {
      const dispatcher = outboundDispatcher(options);
      const response = await fetch(`http://127.0.0.1:${port}/`, { dispatcher } as RequestInit);
      expect(await response.text()).toBe("inside");
      await dispatcher.close();
    }
    // Another port of the same address is not trusted.
    const other = outboundDispatcher({
      allowPrivate: false,
      trustedOrigins: [`http://127.0.0.1:${port + 1}`],
    });
    const failure = await fetch(`http://127.0.0.1:${port}/`, { dispatcher: other } as RequestInit).catch(
      (error: { cause?: unknown }) => error.cause,
    );
    expect(failure).toBeInstanceOf(PrivateAddressError);
    await other.close();
  });

  it("give up on a server that connects and says nothing: after 30 s, not Node's 5 minutes", async () => {
    expect(OUTBOUND_TIMEOUTS).toEqual({ connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 });
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const timeouts = { connectMs: 1_000, headersMs: 200, bodyMs: 200 };
    const dispatcher = outboundDispatcher({ allowPrivate: true, timeouts });
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const failure = await fetch(url, { dispatcher } as RequestInit).catch(
      (error: { cause?: unknown }) => error.cause,
    );
    expect(failure).toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
    await dispatcher.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("stop reading an answer past 4 MiB, declared or not", async () => {
    expect(OUTBOUND_MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024);
    const large = http.createServer((_request, response) => {
      // Streamed without a length: only counting what arrives stops it.
      response.write("x".repeat(600));
      response.end("y".repeat(600));
    });
    await new Promise<void>((resolve) => large.listen(0, "127.0.0.1", resolve));
    const dispatcher = outboundDispatcher({ allowPrivate: true, maxResponseBytes: 1000 });
    const url = `http://127.0.0.1:${(large.address() as AddressInfo).port}/`;
    const failure = await fetch(url, { dispatcher } as RequestInit)
      .then((response) => response.text())
      .catch((error: { cause?: unknown }) => error.cause);
    expect(failure).toMatchObject({ code: "UND_ERR_RES_EXCEEDED_MAX_SIZE" });
    await dispatcher.close();
    large.closeAllConnections();
    await new Promise<void>((resolve) => large.close(() => resolve()));
  });

  it("go through the guard once it is installed: Node's own fetch, as Fedify calls it", async () => {
    const before = getGlobalDispatcher();
    try {
      guardOutboundRequests({ allowPrivate: false });
      const failure = await fetch(`http://localhost:${port}/`).catch(
        (error: { cause?: unknown }) => error.cause,
      );
      expect(failure).toBeInstanceOf(PrivateAddressError);
    } finally {
      setGlobalDispatcher(before);
    }
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("inside");
  });
});
