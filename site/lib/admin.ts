import type {
  AdminReportPage,
  BlockedDomainPage,
  LoggedModeration,
  ModerationInput,
  ModerationLogPage,
  SuspendedAccountPage,
} from "../../shared/admin-api.ts";
import { callApi } from "./api.ts";
import type { Session } from "./settings.ts";

/**
 * The admins' page's calls to its server (`/api/admin/`): read at once, never queued: moderation
 * acts on what the server has now, and the page says when it could not reach it.
 */
export class AdminApi {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  reports(status: "open" | "resolved", before: string | null): Promise<AdminReportPage> {
    return this.#get(
      `/api/admin/reports?status=${status}${before ? `&before=${encodeURIComponent(before)}` : ""}`,
    );
  }

  log(before: string | null): Promise<ModerationLogPage> {
    return this.#get(`/api/admin/actions${before ? `?before=${encodeURIComponent(before)}` : ""}`);
  }

  domains(after: string | null): Promise<BlockedDomainPage> {
    return this.#get(`/api/admin/domains${after ? `?after=${encodeURIComponent(after)}` : ""}`);
  }

  suspended(after: string | null): Promise<SuspendedAccountPage> {
    return this.#get(`/api/admin/suspended${after ? `?after=${encodeURIComponent(after)}` : ""}`);
  }

  /** One action, logged by the server: the log's new line. */
  async act(request: ModerationInput): Promise<LoggedModeration> {
    const { action } = await callApi<{ action: LoggedModeration }>(
      this.#session.serverUrl,
      "/api/admin/actions",
      {
        token: this.#session.token,
        body: request,
      },
    );
    return action;
  }

  #get<T>(path: string): Promise<T> {
    return callApi<T>(this.#session.serverUrl, path, { token: this.#session.token });
  }
}
