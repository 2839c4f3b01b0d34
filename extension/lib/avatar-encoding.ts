/** Runtime messages carry JSON only, so the avatar Blob crosses them as base64. */
export interface EncodedAvatar {
  type: string;
  base64: string;
}

export async function encodeAvatar(blob: Blob): Promise<EncodedAvatar> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: blob.type, base64: btoa(binary) };
}

export function decodeAvatar(avatar: EncodedAvatar): Blob {
  const binary = atob(avatar.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: avatar.type });
}
