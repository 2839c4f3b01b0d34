import type { SignInRequest, SignUpRequest } from "../../../shared/api.ts";
import { ApiFailure } from "../http/errors.ts";
import type { Call } from "../http/endpoint.ts";
import type { AccountRecord } from "../storage/store.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords.ts";
import { newToken } from "./sessions.ts";

export interface Session {
  token: string;
  account: AccountRecord;
}

export async function onSignUp(call: Call, request: SignUpRequest): Promise<Session> {
  const { store, limiter } = call.runtime;
  limiter.take("signUpPerIp", call.ip);
  const { hash, salt } = await hashPassword(request.password);
  const account = await store.createAccount({
    handle: request.handle,
    passwordHash: hash,
    passwordSalt: salt,
    displayName: request.profile.displayName,
    bio: request.profile.bio,
    links: request.profile.links,
    instagram: request.profile.instagram,
  });
  if (account === "handle_taken") {
    throw new ApiFailure(409, "handle_taken", `The handle @${request.handle} is already taken`, "handle");
  }
  return { token: await startSession(call, account.id), account };
}

export async function onSignIn(call: Call, request: SignInRequest): Promise<Session> {
  const { store, limiter } = call.runtime;
  limiter.take("signInPerIp", call.ip);
  limiter.take("signInPerAccount", request.handle);
  const credentials = await store.findCredentials(request.handle);
  const ok = credentials
    ? await verifyPassword(request.password, credentials.hash, credentials.salt)
    : await verifyAgainstNothing(request.password);
  if (!ok || !credentials) {
    // One answer for both cases, so sign-in does not reveal which handles exist.
    throw new ApiFailure(401, "invalid_credentials", "Wrong handle or password");
  }
  const token = await startSession(call, credentials.accountId);
  return { token, account: (await store.accountById(credentials.accountId))! };
}

async function startSession(call: Call, accountId: number): Promise<string> {
  const { token, hash } = newToken();
  await call.runtime.store.createSession(accountId, hash);
  return token;
}
