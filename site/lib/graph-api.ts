import {
  MAX_FOLLOWERS_UPLOAD,
  MAX_FOLLOWING_UPLOAD,
  type ListsSummary,
  type MatchesResponse,
  type NotificationsResponse,
  type Proof,
  type ProofCheckResponse,
} from "../../shared/graph.ts";
import { readFollows } from "../../shared/db/imported.ts";
import type { FollowList } from "../../shared/schema/instagram.ts";
import { callApi } from "./api.ts";
import { storeAccount } from "./authors.ts";
import { db } from "./db.ts";
import type { Session } from "./settings.ts";
import { requestSync } from "./sync/scheduler.ts";

/** The social-graph routes (site/server/API.md, "Instagram graph") as the site calls them. */

const call = <T>(session: Session, path: string, method = "GET", body?: unknown) =>
  callApi<T>(session.serverUrl, path, { token: session.token, method, body });

export const askProofCode = (session: Session, handle?: string) =>
  call<{ proof: Proof }>(session, "/api/instagram/proof", "POST", handle ? { handle } : {});

export const pendingProof = (session: Session) =>
  call<{ proof: Proof | null }>(session, "/api/instagram/proof");

/** Asks the server to check the bio; on success keeps the account as it now is (proven handle). */
export async function checkProof(session: Session): Promise<ProofCheckResponse> {
  const answer = await call<ProofCheckResponse>(session, "/api/instagram/proof/check", "POST", {});
  await storeAccount(answer.account);
  return answer;
}

export const listsSummary = (session: Session) => call<ListsSummary>(session, "/api/instagram/lists");

export const setAutoFollow = (session: Session, autoFollow: boolean) =>
  call<ListsSummary>(session, "/api/instagram/settings", "PATCH", { autoFollow });

export const matches = (session: Session) => call<MatchesResponse>(session, "/api/instagram/matches");

/** Follows every match on the server, then syncs so the device's graph and feed follow. */
export async function followAll(session: Session): Promise<{ followed: number }> {
  const answer = await call<{ followed: number }>(session, "/api/instagram/matches/follow", "POST", {});
  void requestSync();
  return answer;
}

export const notifications = (session: Session) => call<NotificationsResponse>(session, "/api/notifications");

export const markAllRead = (session: Session) =>
  call<{ unread: number }>(session, "/api/notifications/read", "POST", {});

const PAGE = 5000;

/** Handles of one imported list, read from this device's IndexedDB in pages. */
async function importedHandles(list: FollowList, max: number): Promise<string[]> {
  const handles: string[] = [];
  while (handles.length < max) {
    const page = await readFollows(db, list, handles.at(-1) ?? null, Math.min(PAGE, max - handles.length));
    handles.push(...page.map((row) => row.handle));
    if (page.length < PAGE) break;
  }
  return handles;
}

/** Uploads only the handles of the imported lists: nothing else about anyone leaves the device. */
export async function uploadImportedLists(session: Session): Promise<ListsSummary> {
  const following = await importedHandles("following", MAX_FOLLOWING_UPLOAD);
  const followers = await importedHandles("followers", MAX_FOLLOWERS_UPLOAD);
  return call<ListsSummary>(session, "/api/instagram/lists", "POST", { following, followers });
}
