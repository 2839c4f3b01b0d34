import sharp from "sharp";
import { box, fullBox, movie, u32, videoSamples } from "./mp4-fixtures.ts";

/** A JPEG carrying camera EXIF with a GPS position, as phones write them. */
export function jpegWithGps(orientation?: number): Promise<Buffer> {
  let image = sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } }).withExif({
    IFD0: { Make: "TestCam", Model: "Pocket 1" },
    IFD3: {
      GPSLatitudeRef: "N",
      GPSLatitude: "48/1 51/1 24/1",
      GPSLongitudeRef: "E",
      GPSLongitude: "2/1 21/1 3/1",
    },
  });
  if (orientation) image = image.withMetadata({ orientation });
  return image.jpeg().toBuffer();
}

export function png(width = 20, height = 10): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: "#36c" } })
    .png()
    .toBuffer();
}

/** A minimal MP4: ftyp, a movie of one video track whose mvhd states the duration, its samples. */
export function mp4(seconds: number, mediaBytes = 4096): Buffer {
  return movie({ seconds, tracks: [{ handler: "vide", samples: videoSamples(mediaBytes) }] });
}

/** Where `movWithLocation()` was filmed, in ISO 6709 as iPhones write it. */
export const FILMED_AT = "+48.8584+002.2945+035.000/";

/** A QuickTime `©xyz` user data atom: text length, language, the ISO 6709 location. */
export function quickTimeLocation(location: string): Buffer {
  return box("\xa9xyz", Buffer.from([0, location.length, 0x15, 0xc7]), Buffer.from(location));
}

/**
 * Apple's metadata box (QuickTime `meta` with `keys` and `ilst`): the location, the camera's make
 * and model, the date filmed, as an iPhone writes them.
 */
export function appleMetadata(location: string): Buffer {
  const entries: [string, string][] = [
    ["com.apple.quicktime.location.ISO6709", location],
    ["com.apple.quicktime.make", "Apple"],
    ["com.apple.quicktime.model", "iPhone 15"],
    ["com.apple.quicktime.creationdate", "2026-11-30T18:04:05+0100"],
  ];
  const keys = fullBox(
    "keys",
    0,
    0,
    u32(entries.length),
    ...entries.map(([key]) => box("mdta", Buffer.from(key))),
  );
  const items = entries.map(([, value], i) =>
    box(`\0\0\0${String.fromCharCode(i + 1)}`, box("data", u32(1, 0), Buffer.from(value))),
  );
  return box(
    "meta",
    fullBox("hdlr", 0, 0, u32(0), Buffer.from("mdta"), Buffer.alloc(13)),
    keys,
    box("ilst", ...items),
  );
}

/**
 * A QuickTime file as a phone films it: a video track, a timed metadata track whose samples are
 * locations, the location again in `udta/©xyz` and in Apple's `meta`, and the date in its headers.
 */
export function movWithLocation(seconds = 3): Buffer {
  return movie({
    seconds,
    brand: "qt  ",
    createdAt: 3_847_000_000, // 2025-11-27, in seconds since 1904
    tracks: [
      { handler: "vide", samples: videoSamples(6000) },
      { handler: "meta", samples: [1, 2, 3].map(() => Buffer.from(FILMED_AT)), perChunk: 1 },
    ],
    movieExtra: [box("udta", quickTimeLocation(FILMED_AT)), appleMetadata(FILMED_AT)],
  });
}
