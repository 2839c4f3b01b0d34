import sharp from "sharp";

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

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

/** A minimal MP4: ftyp, a moov whose mvhd states the duration, and some media data. */
export function mp4(seconds: number, mediaBytes = 4096): Buffer {
  const ftyp = box("ftyp", Buffer.from("isom"), Buffer.from([0, 0, 2, 0]), Buffer.from("isommp41"));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: milliseconds
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16);
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  const data = Buffer.alloc(mediaBytes);
  for (let i = 0; i < data.length; i++) data[i] = i % 251;
  return Buffer.concat([ftyp, box("moov", box("mvhd", mvhd)), box("mdat", data)]);
}
