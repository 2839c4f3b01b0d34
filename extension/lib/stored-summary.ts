/**
 * What the device holds, in short (shared/db/imported.ts), for the extension's pages: the
 * background reads the database and sends it over a runtime message, which carries JSON only, so
 * the avatar travels as base64 and is a Blob again on arrival.
 */
import type { ImportedSummary } from "../../shared/db/imported.ts";
import { decodeAvatar, encodeAvatar, type EncodedAvatar } from "./avatar-encoding.ts";
import { sendToBackground } from "./messages.ts";

export type SummaryMessage = Omit<ImportedSummary, "avatar"> & { avatar: EncodedAvatar | null };

/** In the background: the summary as the message carries it. */
export async function encodeSummary(summary: ImportedSummary | null): Promise<SummaryMessage | null> {
  return summary && { ...summary, avatar: summary.avatar ? await encodeAvatar(summary.avatar) : null };
}

/** In an extension page: asks the background. */
export async function readStoredSummary(): Promise<ImportedSummary | null> {
  const message = await sendToBackground<SummaryMessage | null>({ type: "data/summary" });
  return message && { ...message, avatar: message.avatar ? decodeAvatar(message.avatar) : null };
}
