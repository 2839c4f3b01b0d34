import { mountConsent } from "../../lib/consent/consent-view.ts";

void mountConsent(document, location.search);
