import { mountOptions } from "../../lib/options/options-view.ts";

void mountOptions(document);
