import { enAdmin } from "./en-admin.ts";
import { addEnglish } from "./index.ts";
import "./setup.ts";

/**
 * The messages of the admins' page: a module that shows them imports `t` and `tn` from here, which
 * adds their English strings (and those of getting set up, which the page shares: reasons, dialogs).
 */
addEnglish(enAdmin);

export { t, tn } from "./index.ts";
