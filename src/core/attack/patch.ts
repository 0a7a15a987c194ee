import type { DetectedFace, Detection, Point } from '../mtcnn/detect';

/*
 * Patch attacks: δ confined to a region of the photo (Kaziakhmedov et al. 2019 attacked MTCNN with
 * printed patches on the cheeks). The region is a run parameter written as text, so it travels in
 * links and on the command line:
 *
 *   none                              no patch (δ lives wherever the attack reads)
 *   preset:cheeks[@1.5]               a preset placed from the clean detection's landmarks, scaled
 *                                     about each of its shapes' centres (cheeks, forehead, glasses, mouth)
 *   x,y,w,h                           a rectangle in image pixels (top-left corner and size)
 *   ellipse:x,y,w,h                   the ellipse inscribed in that rectangle
 *   frame:x,y,w,h                     an elliptic ring (a glasses frame) inscribed in it
 *
 * Parts are joined with ';' and their union is the patch. Presets are resolved against every
 * attacked face.
 */

export const PATCH_PRESETS = ['cheeks', 'forehead', 'glasses', 'mouth'] as const;
export type PatchPreset = (typeof PATCH_PRESETS)[number];

export const SHAPE_KINDS = ['rect', 'ellipse', 'frame'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** A shape in image pixels: its bounding rectangle (x, y = top-left corner). */
export interface PatchShape {
  kind: ShapeKind;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type PatchPart = { preset: PatchPreset; scale: number } | PatchShape;

export const NO_PATCH = 'none';
/** The inner ellipse of a frame, as a share of the outer one's half-axes. */
export const FRAME_INNER = 0.65;
const MAX_PARTS = 64;
const MAX_COORD = 100_000;
export const MAX_PRESET_SCALE = 10;

const round = (v: number) => Math.round(v * 10) / 10;

/** Parses a patch text into parts ([] for none), or says what is wrong with it. */
export function parsePatch(text: string): { parts: PatchPart[] } | { error: string } {
  const t = text.trim();
  if (t === '' || t === NO_PATCH) return { parts: [] };
  const items = t.split(';').map((s) => s.trim());
  if (items.length > MAX_PARTS) return { error: `at most ${MAX_PARTS} shapes` };
  const parts: PatchPart[] = [];
  for (const item of items) {
    if (item === '') return { error: 'an empty shape between two ";"' };
    const preset = /^preset:([a-z]+)(?:@([^@]+))?$/.exec(item);
    if (preset) {
      const name = preset[1] as PatchPreset;
      if (!PATCH_PRESETS.includes(name)) return { error: `unknown preset "${preset[1]}" (use ${PATCH_PRESETS.join(', ')})` };
      const scale = preset[2] === undefined ? 1 : Number(preset[2]);
      if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_PRESET_SCALE) return { error: `a preset's scale must be above 0 and at most ${MAX_PRESET_SCALE}, got "${preset[2]}"` };
      parts.push({ preset: name, scale });
      continue;
    }
    const shape = /^(?:(rect|ellipse|frame):)?(.*)$/.exec(item)!;
    const kind = (shape[1] ?? 'rect') as ShapeKind;
    const nums = shape[2]!.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (nums.length !== 4 || nums.some((v) => !Number.isFinite(v))) {
      return { error: `"${item}" is not preset:NAME[@SCALE], x,y,w,h, ellipse:x,y,w,h or frame:x,y,w,h` };
    }
    const [x, y, width, height] = nums as [number, number, number, number];
    if (width <= 0 || height <= 0) return { error: `"${item}": width and height must be positive` };
    if ([x, y, width, height].some((v) => Math.abs(v) > MAX_COORD)) return { error: `"${item}": coordinates beyond ${MAX_COORD}` };
    parts.push({ kind, x, y, width, height });
  }
  return { parts };
}

/** The canonical text of some parts ('none' for none). */
export function formatPatch(parts: readonly PatchPart[]): string {
  if (parts.length === 0) return NO_PATCH;
  return parts
    .map((p) => {
      if ('preset' in p) return p.scale === 1 ? `preset:${p.preset}` : `preset:${p.preset}@${Number(p.scale.toFixed(4))}`;
      const xywh = [p.x, p.y, p.width, p.height].map(round).join(',');
      return p.kind === 'rect' ? xywh : `${p.kind}:${xywh}`;
    })
    .join(';');
}

/** The parts of a valid patch text; throws on an invalid one (validate first). */
export function patchParts(text: string): PatchPart[] {
  const parsed = parsePatch(text);
  if ('error' in parsed) throw new Error(`invalid patch "${text}": ${parsed.error}`);
  return parsed.parts;
}

export const hasPatch = (text: string): boolean => patchParts(text).length > 0;

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

function centred(kind: ShapeKind, c: Point, width: number, height: number, scale: number): PatchShape {
  const w = width * scale;
  const h = height * scale;
  return { kind, x: c.x - w / 2, y: c.y - h / 2, width: w, height: h };
}

/**
 * A preset's shapes for one face, from its five landmarks (eyes, nose, mouth corners; facenet order)
 * and the inter-ocular distance d. Each shape is scaled by `scale` about its own centre.
 */
export function presetShapes(preset: PatchPreset, face: DetectedFace, scale = 1): PatchShape[] {
  const [e1, e2, nose, m1, m2] = face.landmarks as [Point, Point, Point, Point, Point];
  const [left, right] = e1.x <= e2.x ? [e1, e2] : [e2, e1];
  const [mouthLeft, mouthRight] = m1.x <= m2.x ? [m1, m2] : [m2, m1];
  const d = Math.max(1, dist(left, right));
  const eyes = mid(left, right);
  switch (preset) {
    case 'cheeks':
      // Below the outer half of each eye, level with the nose tip.
      return [
        centred('ellipse', { x: (left.x + mouthLeft.x) / 2 - 0.2 * d, y: nose.y + 0.05 * d }, 0.5 * d, 0.55 * d, scale),
        centred('ellipse', { x: (right.x + mouthRight.x) / 2 + 0.2 * d, y: nose.y + 0.05 * d }, 0.5 * d, 0.55 * d, scale),
      ];
    case 'forehead':
      return [centred('rect', { x: eyes.x, y: eyes.y - 0.6 * d }, 1.8 * d, 0.4 * d, scale)];
    case 'glasses': {
      // Two rims around the eyes and a bridge between them.
      const rimW = 0.8 * d * scale;
      const bridgeW = Math.max(0.1 * d, d - rimW) + 0.1 * d; // overlaps the rims a little
      return [
        centred('frame', left, rimW, 0.55 * d * scale, 1),
        centred('frame', right, rimW, 0.55 * d * scale, 1),
        centred('rect', eyes, bridgeW, 0.1 * d * scale, 1),
      ];
    }
    case 'mouth':
      return [centred('ellipse', mid(mouthLeft, mouthRight), dist(mouthLeft, mouthRight) + 0.5 * d, 0.45 * d, scale)];
  }
}

/** The concrete shapes of a patch on a detection: presets placed on each of `faces`. */
export function resolvePatch(text: string, detection: Pick<Detection, 'faces'>, faces: readonly number[]): PatchShape[] {
  return patchParts(text).flatMap((p) => ('preset' in p ? faces.flatMap((i) => presetShapes(p.preset, detection.faces[i]!, p.scale)) : [p]));
}

/** Whether the point (px, py) lies in a shape. */
export function insideShape(s: PatchShape, px: number, py: number): boolean {
  if (px < s.x || py < s.y || px >= s.x + s.width || py >= s.y + s.height) return false;
  if (s.kind === 'rect') return true;
  const u = (px - (s.x + s.width / 2)) / (s.width / 2);
  const v = (py - (s.y + s.height / 2)) / (s.height / 2);
  const r = u * u + v * v;
  if (r > 1) return false;
  return s.kind === 'ellipse' || r >= FRAME_INNER * FRAME_INNER;
}

/** Image pixels whose centre lies in any shape: [height·width], 1 inside, 0 outside. */
export function patchCoverage(shapes: readonly PatchShape[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (const s of shapes) {
    const ya = Math.max(0, Math.floor(s.y));
    const yb = Math.min(height, Math.ceil(s.y + s.height));
    const xa = Math.max(0, Math.floor(s.x));
    const xb = Math.min(width, Math.ceil(s.x + s.width));
    for (let y = ya; y < yb; y++) {
      for (let x = xa; x < xb; x++) if (insideShape(s, x + 0.5, y + 0.5)) out[y * width + x] = 1;
    }
  }
  return out;
}

/** Pixels a patch covers in an image. */
export function patchArea(shapes: readonly PatchShape[], width: number, height: number): number {
  return patchCoverage(shapes, width, height).reduce((a, b) => a + b, 0);
}
