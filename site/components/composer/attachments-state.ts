import { useEffect, useRef, useState } from "preact/hooks";
import { LIMITS } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/setup.ts";
import { dropSharedFiles } from "../../lib/share.ts";
import type { Session } from "../../lib/settings.ts";
import type { Attachment } from "../Attachments.tsx";

const MAX_ATTACHMENTS = LIMITS.mediaPerPost;

type ComposerKit = typeof import("./kit.ts");
let composerKit: Promise<ComposerKit> | null = null;

/** The composer's optional parts (see kit.ts), fetched once they are needed. */
export function loadComposerKit(): Promise<ComposerKit> {
  composerKit ??= import("./kit.ts").catch((error: unknown) => {
    // Not kept: the next attempt fetches again (the network may be back).
    composerKit = null;
    throw error;
  });
  return composerKit;
}

/** The attachments already uploaded, with their alt text: what a post or a draft keeps. */
export const uploaded = (items: Attachment[]) =>
  items.flatMap((i) => (i.media ? [{ ...i.media, alt: i.alt }] : []));

/**
 * The composer's photos and videos: each file picked (or shared into the app) is checked, shown
 * at once and uploaded with its progress; a failed one says why and can be tried again. The parts
 * that do this (kit.ts) come the first time there is an attachment, or an `@` in `text`.
 * `onProblems` hears what was refused (too big, too many, not a photo or video).
 */
export function useAttachments(me: Session | null, text: string, onProblems: (problems: string[]) => void) {
  const [items, setItems] = useState<Attachment[]>([]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const [kit, setKit] = useState<ComposerKit | null>(null);
  /** Files being checked before they are added: posting waits for them. */
  const [adding, setAdding] = useState(0);
  const [kitAttempt, setKitAttempt] = useState(0);
  const [kitFailed, setKitFailed] = useState(false);

  // Attachments (picked, or in a restored draft) are shown, and posted, once their parts are here.
  const hasItems = items.length > 0;
  useEffect(() => {
    if (!hasItems || kit) return;
    setKitFailed(false);
    loadComposerKit().then(setKit, () => setKitFailed(true));
  }, [hasItems, kit, kitAttempt]);

  // An `@` typed: mention suggestions come with the same parts (nothing is said if they fail).
  const mentioning = text.includes("@");
  useEffect(() => {
    if (mentioning && !kit) loadComposerKit().then(setKit, () => undefined);
  }, [mentioning, kit]);

  /** Replaces the list at once (a restored draft, a post sent), keeping the ref in step. */
  const replace = (next: Attachment[]) => {
    itemsRef.current = next;
    setItems(next);
  };

  const update = (key: string, change: Partial<Attachment>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  async function addFiles(files: FileList | null) {
    if (!files || !me) return;
    // Taken before waiting: the picker is emptied right after it hands the files over.
    const picked = Array.from(files, (file) => ({ key: crypto.randomUUID(), file }));
    setAdding((n) => n + 1);
    try {
      await addPicked(picked);
    } catch {
      setKitFailed(true);
    } finally {
      setAdding((n) => n - 1);
    }
  }

  async function addPicked(picked: { key: string; file: File }[]) {
    const loaded = await loadComposerKit();
    setKit(loaded);
    setKitFailed(false);
    const found: string[] = [];
    for (const [index, { key, file }] of picked.entries()) {
      if (itemsRef.current.length >= MAX_ATTACHMENTS) {
        found.push(t("composer.tooMany", { max: MAX_ATTACHMENTS }));
        // Shared files past the count are not offered again on the next visit.
        void dropSharedFiles(picked.slice(index).map((p) => p.key));
        break;
      }
      const problem = await loaded.media.checkAttachment(file);
      if (problem) {
        void dropSharedFiles([key]);
        if (problem.kind === "tooBig")
          found.push(t("composer.tooBig", { name: file.name, max: problem.maxMegabytes }));
        else found.push(t(`composer.${problem.kind}`, { name: file.name }));
        continue;
      }
      replace([
        ...itemsRef.current,
        {
          key,
          name: file.name,
          kind: file.type.startsWith("video/") ? "video" : "image",
          previewUrl: URL.createObjectURL(file),
          alt: "",
          progress: 0,
          media: null,
          error: null,
          file,
        },
      ]);
      upload(key, file);
    }
    onProblems(found);
  }

  function upload(key: string, file: File) {
    if (!me) return;
    update(key, { error: null, progress: 0 });
    loadComposerKit().then(
      ({ media }) =>
        media
          .uploadMedia(file, {
            serverUrl: me.serverUrl,
            token: me.token,
            onProgress: (progress) => update(key, { progress }),
          })
          .done.then(
            (uploaded) => {
              update(key, { media: uploaded, progress: 1 });
              // A shared file is kept on the device until it is uploaded (no-op for others).
              void dropSharedFiles([key]);
            },
            (error: Error) => update(key, { error: error.message }),
          ),
      (error: Error) => update(key, { error: error.message }),
    );
  }

  function move(key: string, by: -1 | 1) {
    setItems((list) => {
      const index = list.findIndex((i) => i.key === key);
      const next = [...list];
      const [item] = next.splice(index, 1);
      if (item) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item);
      return next;
    });
  }

  function remove(key: string) {
    setItems((list) => list.filter((i) => i.key !== key));
    void dropSharedFiles([key]);
  }

  function retry(key: string) {
    const file = items.find((i) => i.key === key)?.file;
    if (file) upload(key, file);
  }

  return {
    items,
    itemsRef,
    replace,
    kit,
    kitFailed,
    retryKit: () => setKitAttempt((n) => n + 1),
    /** Still checking or uploading: posting waits. */
    busy: adding > 0 || (hasItems && !kit) || items.some((i) => !i.media && !i.error),
    addFiles,
    addPicked,
    alt: (key: string, alt: string) => update(key, { alt }),
    move,
    remove,
    retry,
  };
}
