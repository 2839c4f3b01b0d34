import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

/**
 * The app's icons, drawn here as paths (no font, so every machine renders the same pixels) and
 * rendered to PNG at build time: "P92" in white on near-black. The maskable one fills its whole
 * square and keeps the letters inside the middle 80 %, the safe zone a launcher's mask never cuts.
 */
const LETTERS =
  "M22 66V34h8a8 8 0 0 1 0 16h-8" + // P
  "M58 42a8 8 0 1 1-16 0a8 8 0 1 1 16 0v11a13 13 0 0 1-13 13h-1" + // 9
  "M64 40a8 8 0 0 1 16 1q0 5-6 12L64 66h16"; // 2

export const ICON_BACKGROUND = "#111111";

export function iconSvg(maskable: boolean): string {
  const background = maskable
    ? `<rect width="100" height="100" fill="${ICON_BACKGROUND}"/>`
    : `<rect width="100" height="100" rx="22" fill="${ICON_BACKGROUND}"/>`;
  // Full size the letters span 22–80 across; in the safe zone they are drawn smaller.
  const scale = maskable ? "translate(50 50) scale(0.72) translate(-50 -50)" : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${background}` +
    `<path transform="${scale}" d="${LETTERS}" fill="none" stroke="#fff" stroke-width="6.5" ` +
    `stroke-linecap="round" stroke-linejoin="round"/></svg>`
  );
}

/** The files the web app manifest (site/public/manifest.webmanifest) names. */
export const ICONS = [
  { file: "icons/icon-192.png", size: 192, maskable: false },
  { file: "icons/icon-512.png", size: 512, maskable: false },
  { file: "icons/maskable-512.png", size: 512, maskable: true },
  { file: "icons/apple-touch-icon.png", size: 180, maskable: true },
] as const;

export async function renderIcons(clientDir: string): Promise<void> {
  fs.mkdirSync(path.join(clientDir, "icons"), { recursive: true });
  for (const icon of ICONS) {
    await sharp(Buffer.from(iconSvg(icon.maskable)))
      .resize(icon.size, icon.size)
      .png()
      .toFile(path.join(clientDir, icon.file));
  }
}
