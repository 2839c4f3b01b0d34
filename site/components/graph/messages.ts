import type { MessageKey } from "../../i18n/en.ts";
import { t } from "../../i18n/setup.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

const PROOF_ERRORS = new Set([
  "code_not_in_bio",
  "proof_expired",
  "instagram_proven_elsewhere",
  "instagram_rate_limited",
  "instagram_user_not_found",
  "instagram_unreachable",
  "rate_limited",
]);

/** A failure in the reader's language when the site knows its code, else the server's sentence. */
export function failureText(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (PROOF_ERRORS.has(error.code)) return t(`graph.error.${error.code}` as MessageKey);
    if (error.status === 0) return t("graph.failed", { reason: t("error.network") });
    return t("graph.failed", { reason: error.message });
  }
  return t("graph.failed", { reason: t("error.unknown") });
}
