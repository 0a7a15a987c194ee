import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '../mtcnn/detect';
import { formatPatch, insideShape, parsePatch, patchArea, patchCoverage, presetShapes, resolvePatch, type PatchShape } from './patch';
import { searchSmallestPatch } from './patchSearch';
import { attackSpec, checkValue, parseValue, sparseSpec } from '../params/schema';

/** A frontal face: eyes 40 px apart at y 100, nose at 120, mouth corners at 140. */
const FACE = {
  box: { x: 60, y: 60, width: 120, height: 130 },
  score: 1,
  landmarks: [
    { x: 100, y: 100 },
    { x: 140, y: 100 },
    { x: 120, y: 120 },
    { x: 105, y: 140 },
    { x: 135, y: 140 },
  ],
} as DetectedFace;

describe('patch regions', () => {
  it('parse and format round-trip; bad text says why', () => {
    const text = 'preset:cheeks;10,20,30,40;ellipse:1.5,2,3,4;frame:5,5,10,10;preset:mouth@0.5';
    const parsed = parsePatch(text);
    expect('parts' in parsed && parsed.parts).toHaveLength(5);
    if (!('parts' in parsed)) return;
    expect(formatPatch(parsed.parts)).toBe(text);
    expect(parsePatch('none')).toEqual({ parts: [] });
    expect(parsePatch('rect:1,2,3,4')).toEqual({ parts: [{ kind: 'rect', x: 1, y: 2, width: 3, height: 4 }] });
    expect(parsePatch('preset:nose')).toEqual({ error: expect.stringMatching(/unknown preset "nose"/) });
    expect(parsePatch('1,2,3')).toEqual({ error: expect.stringMatching(/not preset/) });
    expect(parsePatch('1,2,0,4')).toEqual({ error: expect.stringMatching(/positive/) });
    expect(parsePatch('preset:cheeks@0')).toEqual({ error: expect.stringMatching(/scale/) });
  });

  it('is a schema parameter: --patch and patch= accept a region and refuse a bad one; --patch-eps is 0–1', () => {
    expect(parseValue(attackSpec('patch'), ' preset:cheeks ')).toEqual({ value: 'preset:cheeks' });
    expect(parseValue(attackSpec('patch'), '1,2,3,4;e:1,1,1,1')).toHaveProperty('error');
    expect(checkValue(attackSpec('patch'), 'ellipse:1,1,5,5')).toBeNull();
    expect(checkValue(attackSpec('patchEps'), 1)).toBeNull();
    expect(checkValue(attackSpec('patchEps'), 1.5)).toMatch(/between 0 and 1/);
    expect(parseValue(sparseSpec('autoLambda'), 'off')).toEqual({ value: false });
    expect(parseValue(sparseSpec('refine'), 'on')).toEqual({ value: true });
    expect(parseValue(sparseSpec('refine'), 'maybe')).toHaveProperty('error');
  });

  it('shapes: a rectangle, an ellipse and a frame (ring) cover the pixels their geometry says', () => {
    const rect: PatchShape = { kind: 'rect', x: 2, y: 3, width: 4, height: 5 };
    expect(patchArea([rect], 20, 20)).toBe(20);
    const ellipse: PatchShape = { kind: 'ellipse', x: 0, y: 0, width: 100, height: 100 };
    expect(patchArea([ellipse], 100, 100)).toBeCloseTo(Math.PI * 50 * 50, -2);
    const frame: PatchShape = { ...ellipse, kind: 'frame' };
    expect(insideShape(frame, 50, 50)).toBe(false);
    expect(insideShape(frame, 50, 3)).toBe(true);
    expect(patchArea([frame], 100, 100)).toBeCloseTo(Math.PI * 50 * 50 * (1 - 0.65 * 0.65), -2);
    // The union, clipped to the image.
    expect(patchArea([rect, rect, { kind: 'rect', x: -5, y: -5, width: 7, height: 7 }], 20, 20)).toBe(24);
    expect(patchCoverage([rect], 20, 20)[3 * 20 + 2]).toBe(1);
  });

  it('presets sit on the landmarks: cheeks beside the nose, below the eyes, inside the face box; scale grows them about their centres', () => {
    const cheeks = presetShapes('cheeks', FACE);
    expect(cheeks).toHaveLength(2);
    const [l, r] = cheeks as [PatchShape, PatchShape];
    const centre = (s: PatchShape) => ({ x: s.x + s.width / 2, y: s.y + s.height / 2 });
    expect(centre(l).x).toBeLessThan(105);
    expect(centre(r).x).toBeGreaterThan(135);
    expect(centre(l).y).toBeGreaterThan(100);
    expect(centre(l).y).toBeLessThan(140);
    for (const s of cheeks) {
      expect(s.x).toBeGreaterThanOrEqual(FACE.box.x);
      expect(s.x + s.width).toBeLessThanOrEqual(FACE.box.x + FACE.box.width);
    }
    const big = presetShapes('cheeks', FACE, 2);
    expect(centre(big[0]!)).toEqual(centre(l));
    expect(big[0]!.width).toBeCloseTo(2 * l.width);
    const forehead = presetShapes('forehead', FACE)[0]!;
    expect(forehead.y + forehead.height).toBeLessThan(100);
    const mouth = presetShapes('mouth', FACE)[0]!;
    expect(insideShape(mouth, 120, 140)).toBe(true);
    const glasses = presetShapes('glasses', FACE);
    expect(glasses.filter((s) => s.kind === 'frame')).toHaveLength(2);
    expect(glasses.some((s) => insideShape(s, 100, 100))).toBe(false); // the eye itself is in the hole
    // Presets are placed on every attacked face; drawn shapes are kept as they are.
    const two = { faces: [FACE, { ...FACE, landmarks: FACE.landmarks.map((p) => ({ x: p.x + 200, y: p.y })) }] };
    expect(resolvePatch('preset:mouth;1,1,2,2', two, [0, 1])).toHaveLength(3);
    expect(resolvePatch('none', two, [0, 1])).toEqual([]);
  });

  it('the smallest-patch search bisects between a failing and an evading scale', async () => {
    // Evades from scale 0.3 up: 1 evades, then 0.5, 0.25 (fails), then it closes in on 0.3.
    const tried: number[] = [];
    const r = await searchSmallestPatch('cheeks', async (_patch, scale) => {
      tried.push(scale);
      return { evaded: scale >= 0.3, area: Math.round(1000 * scale * scale) };
    }, { attempts: 8 });
    expect(tried.slice(0, 3)).toEqual([1, 0.5, 0.25]);
    expect(r.smallest!.scale).toBeGreaterThanOrEqual(0.3);
    expect(r.smallest!.scale).toBeLessThan(0.33);
    expect(r.smallest!.patch).toBe(`preset:cheeks@${r.smallest!.scale}`);
    // Scale 1 fails: it doubles until one evades.
    const up = await searchSmallestPatch('mouth', async (_p, scale) => ({ evaded: scale >= 3, area: scale }), { attempts: 3, max: 4 });
    expect(up.tries.map((t) => t.scale)).toEqual([1, 2, 4]);
    expect(up.smallest!.scale).toBe(4);
  });
});
