/**
 * Downloads the person's avatar so it can be kept as a Blob: Instagram's image links are signed
 * and expire within days. Only Instagram's own image hosts, only images, at most 5 MB.
 */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_HOSTS = /(^|\.)(cdninstagram\.com|fbcdn\.net)$/;

export function isInstagramImageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && IMAGE_HOSTS.test(url.hostname);
  } catch {
    return false;
  }
}

/** The image, or null when it cannot be had (the import goes on without it). */
export async function downloadAvatar(
  url: string | null,
  fetcher: typeof fetch = fetch,
): Promise<Blob | null> {
  if (!url || !isInstagramImageUrl(url)) return null;
  try {
    const response = await fetcher(url, { credentials: "omit", redirect: "follow" });
    const type = response.headers.get("content-type") ?? "";
    const length = Number(response.headers.get("content-length") ?? "0");
    if (!response.ok || !/^image\/(jpeg|png|webp|gif|avif)/.test(type) || length > AVATAR_MAX_BYTES)
      return null;
    const blob = await response.blob();
    if (blob.size === 0 || blob.size > AVATAR_MAX_BYTES) return null;
    return new Blob([blob], { type: type.split(";")[0] });
  } catch {
    return null;
  }
}
