import type { LimitedReplies } from "../../shared/reply-policy.ts";
import type { Media } from "../../shared/schema/social.ts";
import { SETTING, readSetting, writeSetting } from "./settings.ts";
import type { ComposerTarget } from "./store.ts";

/** What the composer holds, kept on the device so a reload or a crash loses no word. */
export interface SavedDraft {
  text: string;
  target: ComposerTarget | null;
  /** Attachments already uploaded; files still uploading are not kept. */
  media: Media[];
  /** Who may reply, when not anyone. */
  replyPolicy?: LimitedReplies;
}

export async function loadDraft(): Promise<SavedDraft | null> {
  return (await readSetting<SavedDraft>(SETTING.draft)) ?? null;
}

export async function saveDraft(draft: SavedDraft): Promise<void> {
  const empty = !draft.text && draft.media.length === 0 && !draft.target;
  await writeSetting(SETTING.draft, empty ? null : draft);
}
