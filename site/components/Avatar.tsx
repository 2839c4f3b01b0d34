import { safeWebUrl } from "../lib/urls.ts";

/** A round picture, or the first letter of the handle when there is none; decorative (the name is beside it). */
export function Avatar({
  url,
  handle,
  size = 44,
}: {
  url: string | null | undefined;
  handle: string;
  size?: number;
}) {
  const src = safeWebUrl(url);
  if (src)
    return (
      <img
        class="avatar"
        src={src}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        referrerpolicy="no-referrer"
      />
    );
  return (
    <span class="avatar avatar-letter" aria-hidden="true">
      {handle.slice(0, 1).toUpperCase()}
    </span>
  );
}
