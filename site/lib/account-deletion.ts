import { callApi } from "./api.ts";
import { deleteAllLocalData, type Session } from "./settings.ts";
import { signOut } from "./store.ts";

/**
 * Deletes the account on its server (the password proves it is its owner), then everything of it
 * on this device, and signs out. Fails with the server's ApiFailure, changing nothing here.
 */
export async function deleteMyAccount(session: Session, password: string): Promise<void> {
  await callApi(session.serverUrl, "/api/me/delete", { token: session.token, body: { password } });
  // The account is gone: signed out here whatever happens to the local copy.
  try {
    await deleteAllLocalData();
  } finally {
    await signOut({ revoke: false });
  }
}
