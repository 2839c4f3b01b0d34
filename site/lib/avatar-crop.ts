/**
 * Cropping a picture to the square an avatar is: where the square is over the picture (its centre
 * and zoom, in the picture's own pixels), kept inside it, and the square drawn at avatar size.
 */

/**
 * The side of the avatar made, in pixels: the server's preview size (PREVIEW_SIZE in
 * server/media/upload.ts), which avatars are shown at; more than the largest avatar (72 CSS px) on
 * a 3x screen.
 */
export const AVATAR_SIDE = 480;
export const MAX_ZOOM = 4;

export interface Crop {
  /** The square's centre, in the picture's pixels. */
  cx: number;
  cy: number;
  /** 1: the square is as large as the picture's shorter side; up to MAX_ZOOM, a quarter of it. */
  zoom: number;
}

export interface Square {
  x: number;
  y: number;
  side: number;
}

/** The largest square, in the middle of a picture of this size. */
export function centredCrop(width: number, height: number): Crop {
  return { cx: width / 2, cy: height / 2, zoom: 1 };
}

/** The square a crop takes of the picture: never past its edges. */
export function cropSquare(crop: Crop, width: number, height: number): Square {
  const zoom = Math.min(MAX_ZOOM, Math.max(1, crop.zoom));
  const side = Math.min(width, height) / zoom;
  const half = side / 2;
  const cx = Math.min(width - half, Math.max(half, crop.cx));
  const cy = Math.min(height - half, Math.max(half, crop.cy));
  return { x: cx - half, y: cy - half, side };
}

/** The crop moved by (dx, dy) pixels of a frame `frame` pixels wide, kept inside the picture. */
export function moveCrop(
  crop: Crop,
  dx: number,
  dy: number,
  frame: number,
  width: number,
  height: number,
): Crop {
  const square = cropSquare(crop, width, height);
  const perPixel = square.side / frame;
  return settle(
    {
      ...crop,
      cx: square.x + square.side / 2 - dx * perPixel,
      cy: square.y + square.side / 2 - dy * perPixel,
    },
    width,
    height,
  );
}

/** The crop at another zoom, around the same centre, kept inside the picture. */
export function zoomCrop(crop: Crop, zoom: number, width: number, height: number): Crop {
  return settle({ ...crop, zoom }, width, height);
}

function settle(crop: Crop, width: number, height: number): Crop {
  const square = cropSquare(crop, width, height);
  return {
    cx: square.x + square.side / 2,
    cy: square.y + square.side / 2,
    zoom: Math.min(MAX_ZOOM, Math.max(1, crop.zoom)),
  };
}

/** Draws the square of the picture at avatar size, on white (a transparent picture stays legible), as JPEG. */
export async function renderAvatar(picture: ImageBitmap, square: Square): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = AVATAR_SIDE;
  canvas.height = AVATAR_SIDE;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser cannot draw pictures");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, AVATAR_SIDE, AVATAR_SIDE);
  context.drawImage(picture, square.x, square.y, square.side, square.side, 0, 0, AVATAR_SIDE, AVATAR_SIDE);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("the picture could not be drawn"))),
      "image/jpeg",
      0.9,
    ),
  );
}

/** Pictures with more pixels than this are refused before they are decoded (memory). */
export const MAX_PICTURE_PIXELS = 50_000_000;
/** The shorter side a picture is decoded at, at most: enough for the avatar at the largest zoom. */
const DECODED_SHORT_SIDE = AVATAR_SIDE * MAX_ZOOM;

/**
 * Decodes a chosen picture for cropping, turned as its camera meant (EXIF orientation) and scaled
 * down to what the crop can use; null when it has more than MAX_PICTURE_PIXELS or cannot be read.
 * Its size is read first from an image element, which does not decode the pixels.
 */
export async function decodePicture(file: Blob): Promise<ImageBitmap | null> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = reject;
    });
    const { naturalWidth: width, naturalHeight: height } = image;
    if (width === 0 || height === 0 || width * height > MAX_PICTURE_PIXELS) return null;
    const scale = Math.min(1, DECODED_SHORT_SIDE / Math.min(width, height));
    return await createImageBitmap(file, {
      imageOrientation: "from-image",
      resizeWidth: Math.max(1, Math.round(width * scale)),
      resizeHeight: Math.max(1, Math.round(height * scale)),
      resizeQuality: "high",
    });
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}
