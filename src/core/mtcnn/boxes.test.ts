import { describe, expect, it } from 'vitest';
import { fixBox, iou, nms, regress, square } from './boxes';

const box = (x1: number, y1: number, x2: number, y2: number, score = 1) => ({ x1, y1, x2, y2, score });

describe('box arithmetic (facenet conventions)', () => {
  it('NMS keeps the best of overlapping boxes and all disjoint ones, best first', () => {
    const boxes = [box(0, 0, 9, 9, 0.8), box(1, 1, 10, 10, 0.9), box(50, 50, 59, 59, 0.7)];
    expect(nms(boxes, 0.5, 'union')).toEqual([1, 2]);
  });

  it('NMS "min" divides by the smaller area, so a box inside another is suppressed', () => {
    const boxes = [box(0, 0, 99, 99, 0.9), box(10, 10, 29, 29, 0.8)];
    expect(nms(boxes, 0.7, 'union')).toEqual([0, 1]);
    expect(nms(boxes, 0.7, 'min')).toEqual([0]);
  });

  it('regression scales offsets by the width, with the +1 of stages 2 and 3', () => {
    expect(regress(box(10, 20, 30, 60), [0.1, -0.1, 0.2, 0.5], false)).toMatchObject({ x1: 12, y1: 16, x2: 34, y2: 80 });
    expect(regress(box(10, 20, 29, 59), [0.1, 0, 0, 0], true)).toMatchObject({ x1: 12 });
  });

  it('square grows the shorter side about the centre; fix truncates toward zero', () => {
    expect(square(box(10, 20, 30, 60))).toMatchObject({ x1: 0, y1: 20, x2: 40, y2: 60 });
    expect(fixBox(box(-1.7, 2.9, 3.5, -0.2))).toMatchObject({ x1: -1, y1: 2, x2: 3, y2: -0 });
  });

  it('IoU of continuous rectangles', () => {
    expect(iou(box(0, 0, 10, 10), box(5, 0, 15, 10))).toBeCloseTo(1 / 3, 9);
    expect(iou(box(0, 0, 10, 10), box(20, 20, 30, 30))).toBe(0);
  });
});
