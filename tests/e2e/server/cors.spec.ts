import { newId } from "../../../shared/ids.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

// The site hosted on two other origins; the server's own origin is not one of them.
const SITES = ["https://p92.example", "https://www.p92.example"];
const server = useServer({ env: { ...RELAXED_LIMITS, P92_SITE_ORIGINS: SITES.join(",") } });

test("API answers carry CORS headers for the configured site origins only", async ({ request }) => {
  const person = await new Api(request, server.current.url).signUp("hosted");
  const timeline = (origin: string) =>
    request.get(`${server.current.url}/api/timeline/everyone`, { headers: { ...person.auth, origin } });
  for (const site of SITES) {
    const answer = await timeline(site);
    expect(answer.status()).toBe(200);
    expect(answer.headers()["access-control-allow-origin"]).toBe(site);
    expect(answer.headers()["access-control-expose-headers"]).toContain("Retry-After");
    expect(answer.headers()["vary"]).toContain("Origin");
  }
  for (const stranger of ["https://evil.example", server.current.url]) {
    const answer = await timeline(stranger);
    expect(answer.headers()["access-control-allow-origin"]).toBeUndefined();
  }
  const posted = await request.post(`${server.current.url}/api/posts`, {
    headers: { ...person.auth, origin: SITES[0]! },
    data: { id: newId(), text: "from the hosted site" },
  });
  expect(posted.headers()["access-control-allow-origin"]).toBe(SITES[0]);
});

test("a preflight from a configured origin is allowed; from any other it gets no CORS headers", async ({
  request,
}) => {
  const preflight = (origin: string) =>
    request.fetch(`${server.current.url}/api/sync`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST" },
    });
  const allowed = await preflight(SITES[1]!);
  expect(allowed.status()).toBe(204);
  expect(allowed.headers()["access-control-allow-origin"]).toBe(SITES[1]);
  expect(allowed.headers()["access-control-allow-headers"]).toContain("Authorization");
  const refused = await preflight("https://evil.example");
  expect(refused.headers()["access-control-allow-origin"]).toBeUndefined();
  expect(refused.headers()["access-control-allow-methods"]).toBeUndefined();
});
