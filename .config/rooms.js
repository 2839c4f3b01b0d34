// The rooms of the project and what each may import (docs/architecture.md says why). A local
// ESLint rule, so a layer reaching past another fails `npm run check` instead of a review.
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Each room (a folder or file, from the top of the repository) and the rooms it may import. */
export const ROOMS = [
  { room: "shared/", may: ["shared/"], packages: ["valibot", "dexie"] },
  { room: "extension/", may: ["extension/", "shared/", "package.json"] },
  { room: "site/server/", may: ["site/server/", "shared/", "package.json"], forbidden: ["dexie", "preact"] },
  { room: "site/pages/", may: ["site/server/", "shared/", "package.json"], forbidden: ["dexie"] },
  { room: "site/middleware.ts", may: ["site/server/", "shared/"], forbidden: ["dexie", "preact"] },
  // The words, and the one piece of wording the extension's pages share with it.
  { room: "site/i18n/", may: ["site/i18n/", "shared/relative-time.ts"] },
  { room: "site/lib/", may: ["site/lib/", "site/i18n/", "shared/"] },
  // The service worker: the device's operations, never a component or the server.
  { room: "site/sw/", may: ["site/sw/", "site/lib/", "shared/"], forbidden: ["preact"] },
  // Build steps (Node, at `astro build`): the worker's sources and types, never the server.
  { room: "site/build/", may: ["site/build/", "site/sw/", "shared/"], forbidden: ["dexie", "preact"] },
  {
    room: "site/components/",
    may: ["site/components/", "site/lib/", "site/i18n/", "shared/"],
    // Components read and write through the named operations of site/lib, never the database.
    never: ["site/lib/db.ts"],
    forbidden: ["dexie"],
  },
];

function roomOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep).join("/");
  return ROOMS.find((r) => relative.startsWith(r.room));
}

function checkSource(context, node) {
  const room = roomOf(context.filename);
  const source = node.source?.value;
  if (!room || typeof source !== "string") return;
  if (source.startsWith(".")) {
    const target = path
      .relative(ROOT, path.resolve(path.dirname(context.filename), source))
      .split(path.sep)
      .join("/");
    if (!room.may.some((allowed) => target.startsWith(allowed)) || room.never?.includes(target))
      context.report({ node, message: `${room.room} may not import ${target} (see docs/architecture.md)` });
    return;
  }
  const name = source.startsWith("@") ? source.split("/").slice(0, 2).join("/") : source.split("/")[0];
  if (room.forbidden?.includes(name))
    context.report({ node, message: `${room.room} may not import ${name} (see docs/architecture.md)` });
  else if (room.packages && !room.packages.includes(name))
    context.report({ node, message: `${room.room} imports only ${room.packages.join(", ")}, not ${name}` });
}

export const roomsPlugin = {
  rules: {
    imports: {
      meta: { type: "problem", schema: [] },
      create(context) {
        const check = (node) => checkSource(context, node);
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};
