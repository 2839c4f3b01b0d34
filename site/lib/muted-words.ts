import { MUTED_WORDS_MAX, readMutedWord, type MutedWord } from "../../shared/muted-words.ts";
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
 * Mutes a word or phrase, until `until` (null: until removed); the same word again replaces its
 * time. Answers false when it cannot be kept: empty, too long, or too many words already.
 */
export async function addMutedWord(word: string, until: string | null): Promise<boolean> {
  const kept = readMutedWord(word);
  if (!kept) return false;
  return db.transaction("rw", db.settings, async () => {
    const others = (await readMutedWords()).filter((w) => w.word.toLowerCase() !== kept.toLowerCase());
    if (others.length >= MUTED_WORDS_MAX) return false;
    await db.settings.put({ key: SETTING.mutedWords, value: [...others, { word: kept, until }] });
    return true;
  });
}

export async function removeMutedWord(word: string): Promise<void> {
  await db.transaction("rw", db.settings, async () => {
    const kept = (await readMutedWords()).filter((w) => w.word !== word);
    await db.settings.put({ key: SETTING.mutedWords, value: kept });
  });
}
