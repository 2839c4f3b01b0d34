import { useEffect, useState } from "preact/hooks";
import type { ProfileRow } from "../../../shared/db/schema.ts";
import { t } from "../../i18n/setup.ts";
import { ProfileLinks } from "../ProfileLinks.tsx";

/** The imported identity, as it will be carried over; every field rendered as text. */
export function ProfilePreview({ profile }: { profile: ProfileRow }) {
  const [avatar, setAvatar] = useState<string | null>(null);
  useEffect(() => {
    if (!profile.avatar) return;
    const url = URL.createObjectURL(profile.avatar);
    setAvatar(url);
    return () => URL.revokeObjectURL(url);
  }, [profile.avatar]);
  const number = (n: number | null) => (n === null ? "–" : n.toLocaleString());
  return (
    <section class="profile-preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t("onboarding.previewTitle")}</h3>
      <div class="profile-head">
        {avatar ? (
          <img class="avatar avatar-large" src={avatar} alt="" />
        ) : (
          <span class="avatar avatar-large avatar-letter" aria-hidden="true">
            {profile.handle.slice(0, 1).toUpperCase()}
          </span>
        )}
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
