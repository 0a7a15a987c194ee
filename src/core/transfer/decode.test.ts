import { describe, expect, it } from 'vitest';
import { ANCHOR_VALUES, decodeHead, rectIou, TINY_ANCHORS, tinyNms, type RelativeBox } from './decode';

const GRID = 13;
const logit = (p: number) => Math.log(p / (1 - p));

/** A head whose every objectness is far below any threshold, with `set` values written in. */
function head(set: { row: number; col: number; anchor: number; values: [number, number, number, number, number] }[]): Float32Array {
  const perCell = TINY_ANCHORS.length * ANCHOR_VALUES;
  const h = new Float32Array(GRID * GRID * perCell);
  for (let c = 0; c < GRID * GRID * TINY_ANCHORS.length; c++) h[c * ANCHOR_VALUES + 4] = -20;
  for (const s of set) h.set(s.values, (s.row * GRID + s.col) * perCell + s.anchor * ANCHOR_VALUES);
  return h;
}

describe('Tiny Face Detector head decoding', () => {
  it('puts a zero-offset box at its cell centre with its anchor size', () => {
    const boxes = decodeHead(head([{ row: 4, col: 7, anchor: 1, values: [0, 0, 0, 0, logit(0.9)] }]), GRID, { x: 1, y: 1 }, 0.5);
    expect(boxes).toHaveLength(1);
    const [aw, ah] = TINY_ANCHORS[1]!;
    const b = boxes[0]!;
    expect(b.score).toBeCloseTo(0.9, 6);
    expect(b.x + b.width / 2).toBeCloseTo(7.5 / GRID, 9);
    expect(b.y + b.height / 2).toBeCloseTo(4.5 / GRID, 9);
    expect(b.width).toBeCloseTo(aw / GRID, 9);
    expect(b.height).toBeCloseTo(ah / GRID, 9);
  });

  it('scales sizes by exp(t) and stretches to the image inside the padded square', () => {
    const [box] = decodeHead(head([{ row: 0, col: 0, anchor: 0, values: [0, 0, Math.log(2), 0, 3] }]), GRID, { x: 1, y: 416 / 312 }, 0.5);
    const [aw, ah] = TINY_ANCHORS[0]!;
    expect(box!.width).toBeCloseTo((2 * aw) / GRID, 9);
    expect(box!.height).toBeCloseTo((ah / GRID) * (416 / 312), 9);
    expect(box!.y + box!.height / 2).toBeCloseTo((0.5 / GRID) * (416 / 312), 9);
  });

  it('keeps only scores strictly above the threshold', () => {
    const h = head([
      { row: 1, col: 1, anchor: 0, values: [0, 0, 0, 0, 0] }, // 0.5 exactly
      { row: 2, col: 2, anchor: 0, values: [0, 0, 0, 0, 0.01] },
    ]);
    expect(decodeHead(h, GRID, { x: 1, y: 1 }, 0.5)).toHaveLength(1);
  });
});

describe('Tiny Face Detector NMS', () => {
  const box = (x: number, score: number): RelativeBox => ({ x, y: 0.1, width: 0.2, height: 0.2, score });

  it('keeps the best box and drops those overlapping it by IoU > 0.4, best first', () => {
    // 0.1 vs 0.14: IoU 0.16/0.24 = 0.667 (dropped); 0.1 vs 0.22: IoU 0.08/0.32 = 0.25 (kept).
    const boxes = [box(0.14, 0.7), box(0.1, 0.9), box(0.22, 0.6), box(0.6, 0.55)];
    expect(tinyNms(boxes, 0.4, 416)).toEqual([1, 2, 3]);
  });

  it('breaks ties in favour of the later box', () => {
    expect(tinyNms([box(0.1, 0.8), box(0.11, 0.8)], 0.4, 416)).toEqual([1]);
  });

  it('computes IoU of x/y/width/height boxes', () => {
    expect(rectIou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 1, width: 2, height: 2 })).toBeCloseTo(1 / 7, 12);
    expect(rectIou({ x: 0, y: 0, width: 1, height: 1 }, { x: 2, y: 2, width: 1, height: 1 })).toBe(0);
  });
});
