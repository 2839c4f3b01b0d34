import { mountPopup } from "../../lib/popup/popup-view.ts";

mountPopup(document);
