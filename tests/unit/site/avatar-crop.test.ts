import { describe, expect, test } from "vitest";
import { centredCrop, cropSquare, moveCrop, zoomCrop } from "../../../site/lib/avatar-crop.ts";

describe("cropping a picture to a square", () => {
  test("starts with the largest square in the middle", () => {
    expect(cropSquare(centredCrop(800, 400), 800, 400)).toEqual({ x: 200, y: 0, side: 400 });
    expect(cropSquare(centredCrop(300, 600), 300, 600)).toEqual({ x: 0, y: 150, side: 300 });
  });

  test("moving the picture right shows more of its left, never past its edge", () => {
    const start = centredCrop(800, 400);
    // A 200 px frame shows 400 picture pixels: 2 a frame pixel.
    expect(cropSquare(moveCrop(start, 50, 0, 200, 800, 400), 800, 400)).toEqual({ x: 100, y: 0, side: 400 });
    expect(cropSquare(moveCrop(start, 5000, 0, 200, 800, 400), 800, 400)).toEqual({ x: 0, y: 0, side: 400 });
    expect(cropSquare(moveCrop(start, -5000, 0, 200, 800, 400), 800, 400)).toEqual({
      x: 400,
      y: 0,
      side: 400,
    });
    // The square already spans the height: up and down change nothing.
    expect(cropSquare(moveCrop(start, 0, 80, 200, 800, 400), 800, 400)).toEqual({ x: 200, y: 0, side: 400 });
  });

  test("zooming takes a smaller square around the same centre, from 1x to 4x", () => {
    const start = centredCrop(800, 400);
    expect(cropSquare(zoomCrop(start, 2, 800, 400), 800, 400)).toEqual({ x: 300, y: 100, side: 200 });
    expect(cropSquare(zoomCrop(start, 10, 800, 400), 800, 400).side).toBe(100);
    expect(cropSquare(zoomCrop(start, 0.1, 800, 400), 800, 400).side).toBe(400);
    // Zoomed in at the left edge, zooming out keeps the square inside the picture.
    const left = moveCrop(zoomCrop(start, 4, 800, 400), 10_000, 0, 200, 800, 400);
    expect(cropSquare(left, 800, 400).x).toBe(0);
    expect(cropSquare(zoomCrop(left, 1, 800, 400), 800, 400)).toEqual({ x: 0, y: 0, side: 400 });
  });
});
