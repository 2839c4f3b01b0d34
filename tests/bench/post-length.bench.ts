import { countPostLength } from "../../shared/post-length.ts";
import { info } from "./report.ts";

/** The server counts every incoming post; this shows what that costs for a full 500-grapheme post. */
export async function run() {
  const text = "Bonjour 👨‍👩‍👧‍👦 🇫🇷 café ".repeat(30).slice(0, 1000);
  const rounds = 20_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) countPostLength(text);
  const micros = ((performance.now() - started) * 1000) / rounds;
  return [info("countPostLength on a long post", micros, "µs")];
}
