import { enSetup } from "./en-setup.ts";
import { addEnglish } from "./index.ts";

/**
 * The messages of getting set up (onboarding, the Instagram graph): a module that shows them
 * imports `t` and `tn` from here rather than from index.ts, which adds their English strings
 * first (tests/unit/site/i18n.test.ts checks that each one does).
 */
addEnglish(enSetup);

export { t, tn } from "./index.ts";
