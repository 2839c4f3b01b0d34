import { useRef } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import { cropSquare, MAX_ZOOM, moveCrop, zoomCrop, type Crop } from "../../lib/avatar-crop.ts";

/** The frame's side in CSS pixels. */
const FRAME = 224;
/** How far an arrow key moves the picture (the way it points), in CSS pixels of the frame. */
const KEY_STEP = 8;

export interface Picture {
  url: string;
  width: number;
  height: number;
}

/**
 * The picture in a square frame, as the avatar will show it: dragged (or moved with the arrow
 * keys) to place it, zoomed with the slider. The crop is the caller's state.
 */
export function AvatarCrop({
  picture,
  crop,
  onCrop,
}: {
  picture: Picture;
  crop: Crop;
  onCrop: (crop: Crop) => void;
}) {
  const { width, height } = picture;
  const square = cropSquare(crop, width, height);
  const scale = FRAME / square.side;
  const drag = useRef<{ x: number; y: number } | null>(null);
  // Several moves may come before the next render: each starts where the last one left the crop.
  const latest = useRef(crop);
  latest.current = crop;
  const change = (next: Crop) => {
    latest.current = next;
    onCrop(next);
  };
  const move = (dx: number, dy: number) => change(moveCrop(latest.current, dx, dy, FRAME, width, height));
  return (
    <div class="avatar-crop">
      <div
        class="avatar-crop-frame"
        role="group"
        tabIndex={0}
        aria-label={t("profileEdit.cropFrame")}
        style={{ width: `${FRAME}px`, height: `${FRAME}px` }}
        onKeyDown={(event) => {
          const step = {
            ArrowLeft: [-KEY_STEP, 0],
            ArrowRight: [KEY_STEP, 0],
            ArrowUp: [0, -KEY_STEP],
            ArrowDown: [0, KEY_STEP],
          }[event.key];
          if (!step) return;
          event.preventDefault();
          move(step[0]!, step[1]!);
        }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          drag.current = { x: event.clientX, y: event.clientY };
        }}
        onPointerMove={(event) => {
          const from = drag.current;
          if (!from) return;
          drag.current = { x: event.clientX, y: event.clientY };
          move(event.clientX - from.x, event.clientY - from.y);
        }}
        onPointerUp={() => (drag.current = null)}
        onPointerCancel={() => (drag.current = null)}
      >
        <img
          src={picture.url}
          alt=""
          draggable={false}
          style={{
            width: `${width * scale}px`,
            height: `${height * scale}px`,
            transform: `translate(${-square.x * scale}px, ${-square.y * scale}px)`,
          }}
        />
      </div>
      <label class="avatar-crop-zoom">
        {t("profileEdit.zoom")}
        <input
          type="range"
          min={1}
          max={MAX_ZOOM}
          step={0.05}
          value={crop.zoom}
          onInput={(event) =>
            change(zoomCrop(latest.current, Number(event.currentTarget.value), width, height))
          }
        />
      </label>
    </div>
  );
}
