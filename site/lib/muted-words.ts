import { MUTED_WORDS_MAX, readMutedWord, sameMutedWord, type MutedWord } from "../../shared/muted-words.ts";
import { db } from "./db.ts";
import { SETTING } from "./settings.ts";

/**
 * The muted words of this device (a setting): every timeline read here (readFeed, readThread)
 * and the notifications leave out others' posts holding one (shared/muted-words.ts).
 */

export async function readMutedWords(): Promise<MutedWord[]> {
  return ((await db.settings.get(SETTING.mutedWords))?.value as MutedWord[] | undefined) ?? [];
}

/**
 * Mutes a word or phrase, until `until` (null: until removed); the same word again (whatever its
 * case or accents) replaces its time, and words that ended are let go. Answers why it cannot be
 * kept: `invalid` (nothing visible, or too long), `full` (as many words as one may keep).
 */
export async function addMutedWord(
  word: string,
  until: string | null,
): Promise<"added" | "invalid" | "full"> {
  const kept = readMutedWord(word);
  if (!kept) return "invalid";
  const now = Date.now();
  return db.transaction("rw", db.settings, async () => {
    const others = (await readMutedWords()).filter(
      (w) => !sameMutedWord(w.word, kept) && (w.until === null || Date.parse(w.until) > now),
    );
    if (others.length >= MUTED_WORDS_MAX) return "full";
    await db.settings.put({ key: SETTING.mutedWords, value: [...others, { word: kept, until }] });
    return "added";
  });
}

export async function removeMutedWord(word: string): Promise<void> {
  await db.transaction("rw", db.settings, async () => {
    const kept = (await readMutedWords()).filter((w) => w.word !== word);
    await db.settings.put({ key: SETTING.mutedWords, value: kept });
  });
}
