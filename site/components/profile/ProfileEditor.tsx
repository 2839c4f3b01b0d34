import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { AccountRow } from "../../../shared/db/schema.ts";
import { DEFAULT_MEDIA_LIMITS, IMAGE_TYPES } from "../../../shared/media.ts";
import { LIMITS } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/setup.ts";
import { updateProfile } from "../../lib/account.ts";
import { centredCrop, cropSquare, decodePicture, renderAvatar, type Crop } from "../../lib/avatar-crop.ts";
import { online, session } from "../../lib/store.ts";
import { Avatar } from "../Avatar.tsx";
import { ModalDialog, openModal } from "../modal.tsx";
import { AvatarCrop, type Picture } from "./AvatarCrop.tsx";
import { badLinkIndex, LinksEditor, type LinkDraft } from "./LinksEditor.tsx";

/** Opens the profile editor over the page; the focus goes back to `opener` when it closes. */
export function openProfileEditor(account: AccountRow, opener: Element | null): void {
  openModal((close) => <ProfileEditor account={account} onClose={close} />, opener);
}

/** A new picture: the file decoded, and shown through an object URL. */
interface NewPicture extends Picture {
  bitmap: ImageBitmap;
}

/**
 * Display name, bio, up to five links and the picture (cropped to a square here, then uploaded
 * through the media route), with sign-up's limits. Saved together with PATCH /api/me; a refusal
 * is said in the dialog and nothing typed is lost.
 */
function ProfileEditor({ account, onClose }: { account: AccountRow; onClose: () => void }) {
  const [name, setName] = useState(account.displayName);
  const [bio, setBio] = useState(account.bio);
  const [links, setLinks] = useState<LinkDraft[]>(account.links);
  const [picture, setPicture] = useState<NewPicture | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [removePicture, setRemovePicture] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [tried, setTried] = useState(false);
  /** The latest picture chosen: a slower decode of an earlier one is dropped. */
  const choosing = useRef(0);
  /** False once the dialog is gone: a decode ending after that is dropped. */
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );
  // A picture replaced or dropped lets its object URL and decoded pixels go.
  useEffect(
    () => () => {
      if (!picture) return;
      URL.revokeObjectURL(picture.url);
      picture.bitmap.close();
    },
    [picture],
  );

  const choosePicture = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) return setProblem(t("profileEdit.badPicture"));
    const max = DEFAULT_MEDIA_LIMITS.maxImageBytes;
    if (file.size > max) return setProblem(t("profileEdit.pictureTooBig", { max: max / 1024 / 1024 }));
    const turn = ++choosing.current;
    const bitmap = await decodePicture(file);
    if (turn !== choosing.current || !open.current) {
      bitmap?.close();
      return;
    }
    if (!bitmap) return setProblem(t("profileEdit.badPicture"));
    const { width, height } = bitmap;
    setPicture({ bitmap, url: URL.createObjectURL(file), width, height });
    setCrop(centredCrop(width, height));
    setRemovePicture(false);
  };

  const kept = links
    .map((link) => ({ title: link.title.trim(), url: link.url.trim() }))
    .filter((link) => link.url !== "");
  // Links are sent only when changed: an account with more than five from before keeps them.
  const linksChanged = JSON.stringify(kept) !== JSON.stringify(account.links);
  const tooManyLinks = linksChanged && kept.length > LIMITS.profileLinks;
  const save = async (dismiss: () => void) => {
    const me = session.value;
    setTried(true);
    if (!me || badLinkIndex(links) >= 0 || tooManyLinks) return;
    setSaving(true);
    setProblem(null);
    try {
      const avatar =
        picture && crop
          ? { picture: await renderAvatar(picture.bitmap, cropSquare(crop, picture.width, picture.height)) }
          : removePicture
            ? { avatarMediaId: null }
            : {};
      await updateProfile(me.serverUrl, me.token, {
        displayName: name.trim(),
        bio: bio.trim(),
        ...(linksChanged ? { links: kept } : {}),
        ...avatar,
      });
      dismiss();
    } catch (error) {
      const reason =
        error instanceof ApiFailure && error.status === 0
          ? t("profileEdit.offline")
          : (error as Error).message;
      setProblem(t("profileEdit.failed", { reason }));
      setSaving(false);
    }
  };

  return (
    <ModalDialog id="edit-profile" title={t("profileEdit.title")} onClose={onClose}>
      {(dismiss) => (
        <form
          class="profile-editor"
          onSubmit={(event) => {
            event.preventDefault();
            void save(dismiss);
          }}
        >
          <fieldset>
            <legend>{t("profileEdit.picture")}</legend>
            <div class="profile-editor-picture">
              {picture && crop ? (
                <AvatarCrop picture={picture} crop={crop} onCrop={setCrop} />
              ) : (
                <Avatar url={removePicture ? null : account.avatarUrl} handle={account.handle} size={72} />
              )}
              {/* The input before its label: the label shows the input's keyboard focus (app.css). */}
              <input
                id="profile-picture"
                class="visually-hidden"
                type="file"
                accept={IMAGE_TYPES.join(",")}
                onChange={(event) => {
                  void choosePicture(event.currentTarget.files?.[0]);
                  event.currentTarget.value = "";
                }}
              />
              <label class="button" for="profile-picture">
                {t("profileEdit.choosePicture")}
              </label>
              {(picture || (account.avatarUrl && !removePicture)) && (
                <button
                  type="button"
                  onClick={() => {
                    setPicture(null);
                    setRemovePicture(true);
                    // This button goes: the focus goes to choosing another picture.
                    requestAnimationFrame(() => document.getElementById("profile-picture")?.focus());
                  }}
                >
                  {t("profileEdit.removePicture")}
                </button>
              )}
            </div>
          </fieldset>
          <label for="profile-name">{t("profileEdit.name")}</label>
          <input
            id="profile-name"
            dir="auto"
            value={name}
            maxLength={LIMITS.fullName}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <label for="profile-bio">{t("profileEdit.bio")}</label>
          <textarea
            id="profile-bio"
            class="dialog-field"
            dir="auto"
            rows={3}
            value={bio}
            maxLength={LIMITS.bio}
            onInput={(event) => setBio(event.currentTarget.value)}
          />
          <LinksEditor links={links} onChange={setLinks} showProblems={tried} tooMany={tooManyLinks} />
          <div role="alert" class="error">
            {problem}
          </div>
          {!online.value && <p class="muted">{t("profileEdit.offline")}</p>}
          <div class="dialog-actions">
            <button type="button" onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" class="primary" disabled={saving || tooManyLinks}>
              {t("dialog.save")}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
