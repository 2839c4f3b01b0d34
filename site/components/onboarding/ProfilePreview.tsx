import { useEffect, useState } from "preact/hooks";
import type { ProfileRow } from "../../../shared/db/schema.ts";
import { t } from "../../i18n/setup.ts";
import { ProfileLinks } from "../ProfileLinks.tsx";

/** A picture on this device, as a URL for as long as the component shows it. */
export function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}

/** The picture a new account will have, or the first letter of its handle. */
export function PreviewAvatar({ picture, handle }: { picture: Blob | null; handle: string }) {
  const avatar = useObjectUrl(picture);
  return avatar ? (
    <img class="avatar avatar-large" src={avatar} alt="" />
  ) : (
    <span class="avatar avatar-large avatar-letter" aria-hidden="true">
      {handle.slice(0, 1).toUpperCase()}
    </span>
  );
}

/** The imported identity, as it will be carried over; every field rendered as text. */
export function ProfilePreview({ profile }: { profile: ProfileRow }) {
  const number = (n: number | null) => (n === null ? "–" : n.toLocaleString());
  return (
    <section class="profile-preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t("onboarding.previewTitle")}</h3>
      <div class="profile-head">
        <PreviewAvatar picture={profile.avatar} handle={profile.handle} />
        <div>
          <p class="name">
            {profile.fullName || profile.handle}
            {profile.isVerified && (
              <span class="verified" role="img" aria-label={t("post.verified")} title={t("post.verified")}>
                ✓
              </span>
            )}
          </p>
          <p class="handle muted">@{profile.handle}</p>
        </div>
      </div>
      {profile.bio && <p class="bio">{profile.bio}</p>}
      <ProfileLinks links={profile.bioLinks} />
      <p class="muted">
        {t("onboarding.followers", { count: number(profile.followerCount) })} ·{" "}
        {t("onboarding.followingCount", { count: number(profile.followingCount) })}
      </p>
    </section>
  );
}
