import { describe, expect, it } from 'vitest';
import { pyramidLevels } from './pyramid';
import { cellBox, pnetMapSize } from './stages';

describe('pyramid and P-Net cells', () => {
  it('facenet: scales 12/minFace · f^k while the short side stays ≥ 12, sizes by ceil, no cap', () => {
    const levels = pyramidLevels(1920, 1080, 20, 0.709, 'facenet');
    expect(levels).toHaveLength(12); // 648 · 0.709^k ≥ 12 ⇔ k ≤ ln(54) / −ln(0.709) ≈ 11.6
    expect(levels[0]).toMatchObject({ scale: 0.6, width: 1152, height: 648 });
    expect(levels[1]!.scale).toBeCloseTo(0.6 * 0.709, 12);
    expect(levels[1]).toMatchObject({ width: Math.ceil(1920 * 0.6 * 0.709), height: Math.ceil(1080 * 0.6 * 0.709) });
    expect(Math.min(levels.at(-1)!.width, levels.at(-1)!.height)).toBeGreaterThanOrEqual(12);
  });

  it('face-api.js: floor sizes, short side > 12, at most 10 scales', () => {
    const levels = pyramidLevels(1920, 1080, 20, 0.709, 'faceapi');
    expect(levels).toHaveLength(10);
    expect(levels[1]).toMatchObject({ width: Math.floor(1920 * 0.6 * 0.709), height: Math.floor(1080 * 0.6 * 0.709) });
  });

  it('P-Net map size and the image box of a cell', () => {
    expect(pnetMapSize(12)).toBe(1);
    expect(pnetMapSize(308)).toBe(149);
    // Cell (row 3, col 5) at scale 0.5: [(2·5+1)/0.5, (2·3+1)/0.5, (2·5+12)/0.5, (2·3+12)/0.5].
    expect(cellBox(3, 5, 0.5, 'facenet')).toEqual({ x1: 22, y1: 14, x2: 44, y2: 36 });
    expect(cellBox(0, 0, 0.3, 'facenet')).toEqual({ x1: 3, y1: 3, x2: 40, y2: 40 });
  });
});
