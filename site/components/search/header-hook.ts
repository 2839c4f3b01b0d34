/**
 * Runs on every page: the header's search form gets its suggestions (a separate script, loaded
 * here only once someone goes to the form).
 */
const form = document.querySelector<HTMLFormElement>("form[data-search]");
form?.addEventListener("focusin", () => void import("./header.tsx").then((m) => m.mountHeaderSearch(form)), {
  once: true,
});
