import { useRef, useState } from "preact/hooks";
import { MUTED_WORD_MAX_LENGTH, MUTED_WORDS_MAX } from "../../../shared/muted-words.ts";
import { absoluteTime } from "../../i18n/index.ts";
import { t } from "../../i18n/setup.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import { addMutedWord, readMutedWords, removeMutedWord } from "../../lib/muted-words.ts";

/** How long a new muted word lasts, in days (0: until removed). */
const DURATIONS = [0, 1, 7, 30] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Settings' muted words: add a word or phrase (for a day, a week, a month, or until removed),
 * see them with when each ends, remove one. Kept on this device; every timeline here leaves out
 * others' posts holding one, and so do the notifications.
 */
export function MutedWords() {
  const words = useLiveQuery(readMutedWords, []);
  const [word, setWord] = useState("");
  const [days, setDays] = useState<(typeof DURATIONS)[number]>(0);
  const [problem, setProblem] = useState<"invalid" | "full" | null>(null);
  // What the last add or removal did, said in a live region (it changes nothing else in focus).
  const [said, setSaid] = useState("");
  const field = useRef<HTMLInputElement>(null);
  const now = Date.now();
  const error = problem !== null;

  async function add(event: Event) {
    event.preventDefault();
    const until = days === 0 ? null : new Date(Date.now() + days * DAY_MS).toISOString();
    const outcome = await addMutedWord(word, until);
    // A second refusal in a row is said again: the alert is drawn anew.
    setProblem(null);
    if (outcome === "added") {
      setSaid(t("mutedWords.added", { word: word.trim() }));
      setWord("");
    } else requestAnimationFrame(() => setProblem(outcome));
  }

  return (
    <section aria-labelledby="muted-words-title">
      <h2 id="muted-words-title">{t("mutedWords.title")}</h2>
      <p class="muted" id="muted-words-help">
        {t("mutedWords.help")}
      </p>
      <form class="muted-word-form" onSubmit={(event) => void add(event)}>
        <label for="muted-word">{t("mutedWords.word")}</label>
        <input
          id="muted-word"
          ref={field}
          value={word}
          maxLength={MUTED_WORD_MAX_LENGTH}
          aria-describedby={error ? "muted-words-help muted-word-error" : "muted-words-help"}
          aria-invalid={error}
          onInput={(event) => setWord(event.currentTarget.value)}
        />
        <label for="muted-for">{t("mutedWords.for")}</label>
        <select
          id="muted-for"
          value={days}
          onChange={(event) => setDays(Number(event.currentTarget.value) as (typeof DURATIONS)[number])}
        >
          {DURATIONS.map((d) => (
            <option key={d} value={d}>
              {t(`mutedWords.duration.${d}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("mutedWords.add")}</button>
        {problem && (
          <p id="muted-word-error" role="alert" class="error">
            {problem === "full"
              ? t("mutedWords.full", { max: MUTED_WORDS_MAX })
              : t("mutedWords.invalid", { max: MUTED_WORD_MAX_LENGTH })}
          </p>
        )}
      </form>
      <p role="status" class="visually-hidden">
        {said}
      </p>
      {words && words.length > 0 ? (
        <ul class="muted-word-list">
          {words.map((w) => (
            <li key={w.word}>
              <span dir="auto">{w.word}</span>{" "}
              <span class="muted">
                {w.until === null
                  ? t("mutedWords.always")
                  : Date.parse(w.until) > now
                    ? t("mutedWords.until", { time: absoluteTime(w.until) })
                    : t("mutedWords.ended")}
              </span>{" "}
              <button
                type="button"
                onClick={() =>
                  void removeMutedWord(w.word).then(() => {
                    setSaid(t("mutedWords.removed", { word: w.word }));
                    field.current?.focus();
                  })
                }
              >
                {t("mutedWords.remove", { word: w.word })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        words && <p class="muted">{t("mutedWords.none")}</p>
      )}
    </section>
  );
}
