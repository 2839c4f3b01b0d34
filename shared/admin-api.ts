import * as v from "valibot";
import { readDomain, type ReportReason } from "./input-rules.ts";
import { AccountHandle, LIMITS, boundedText, Id } from "./schema/common.ts";
import type { Account, Post } from "./schema/social.ts";

/**
 * What the admins' page (/admin/) and the server's `/api/admin/` routes say to each other: the
 * report queue, the actions admins take on it, the servers they blocked and the log of it all.
 * Described in site/server/API.md.
 */

/** What an admin may do, as the log names it. */
export type ModerationAction =
  "dismiss" | "delete_post" | "suspend" | "unsuspend" | "block_domain" | "unblock_domain";

/** A report's id as the API writes it: a positive whole number, as a string. */
const ReportId = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,14}$/, "must be a report id"),
  v.transform(Number),
);

/** A domain name (`spam.example`), lower-cased. */
export const DomainInput = v.pipe(
  v.string(),
  v.maxLength(300, "must be a domain name (e.g. spam.example)"),
  v.check((raw) => readDomain(raw) !== null, "must be a domain name (e.g. spam.example)"),
  v.transform((raw) => readDomain(raw)!),
);

/** Why the admin acts: kept in the log, may be empty. */
const Reason = v.optional(v.pipe(v.string(), v.trim(), boundedText(LIMITS.moderationReason)), "");

/**
 * `POST /api/admin/actions`: one action. Dismissing answers a report and does nothing else;
 * deleting a post, suspending an account and blocking a server may answer one (`reportId`), which
 * is then resolved.
 */
export const ModerationRequest = v.variant("action", [
  v.object({ action: v.literal("dismiss"), reportId: ReportId, reason: Reason }),
  v.object({ action: v.literal("delete_post"), postId: Id, reportId: v.optional(ReportId), reason: Reason }),
  v.object({
    action: v.literal("block_domain"),
    domain: DomainInput,
    reportId: v.optional(ReportId),
    reason: Reason,
  }),
  v.object({ action: v.literal("unblock_domain"), domain: DomainInput, reason: Reason }),
  v.object({
    action: v.literal("suspend"),
    handle: AccountHandle,
    reportId: v.optional(ReportId),
    reason: Reason,
  }),
  v.object({ action: v.literal("unsuspend"), handle: AccountHandle, reason: Reason }),
]);
export type ModerationRequest = v.InferOutput<typeof ModerationRequest>;
/** The same as the page sends it (a report id as a string, the reason optional). */
export type ModerationInput = v.InferInput<typeof ModerationRequest>;

/** A report in the admins' queue, with what was reported as the reporter saw it then. */
export interface AdminReport {
  id: string;
  status: "open" | "resolved";
  /** Who reported (a handle here). */
  reporter: string;
  /** Whom the report is about, and which of their posts if one. */
  account: string;
  postId: string | null;
  reason: ReportReason;
  comment: string;
  /** Also sent to their server (a `Flag`). */
  forwarded: boolean;
  createdAt: string;
  /** The account, and the post, as the API answered them when reported: text, never HTML. */
  reported: { account: Account; post?: Post };
}

export interface AdminReportPage {
  reports: AdminReport[];
  /** Pass as `?before=` for older ones; null at the end. */
  next: string | null;
}

/** One line of the admins' log: who did what, to what, why, when. */
export interface LoggedModeration {
  id: string;
  admin: string;
  action: ModerationAction;
  /** A post id, a handle or a domain. */
  target: string;
  reportId: string | null;
  reason: string;
  createdAt: string;
}

export interface ModerationLogPage {
  actions: LoggedModeration[];
  next: string | null;
}

/** A blocked server: by P92_BLOCKED_DOMAINS (`configured`, not undone here) or by an admin. */
export interface BlockedDomain {
  domain: string;
  configured: boolean;
  /** When an admin blocked it; null for configured ones. */
  since: string | null;
}

/** A suspended account: by this server's admins (who may lift it) or by its own server. */
export interface SuspendedAccount {
  handle: string;
  since: string;
  by: "admin" | "origin";
}

export interface SuspendedAccountPage {
  accounts: SuspendedAccount[];
  /** Pass as `?after=` for the next ones; null at the end. */
  next: string | null;
}

export interface BlockedDomainPage {
  domains: BlockedDomain[];
  /** Pass as `?after=` for the next ones; null at the end. */
  next: string | null;
}
