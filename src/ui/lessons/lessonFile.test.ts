import { describe, expect, it } from 'vitest';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { DEFAULT_PRESET } from '../presets';
import { dataUrlToBlob, decodeLesson, encodeLesson, looksLikeLesson, sameOriginLesson, type Lesson } from './lessonFile';

const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };
const SAMPLES = ['astronaut', 'group'];
/** A 1×1 PNG. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const lesson: Lesson = {
  photo: { sample: 'group' },
  attack: { ...defaults.attack, method: 'mifgsm', eps: 0.02, steps: 12, decay: 0.5, scales: [2, 3, 5], face: 2, heads: ['pnet-cls', 'rnet-cls'], seed: 77, tv: 0.2, domain: 'scaled-nearest' },
  sparse: { ...defaults.sparse, lambda: 4, iterations: 30, encoder: 'free', seed: 9, autoLambda: false },
  backend: 'wasm',
  setup: {
    title: 'Scales',
    task: 'Hide face 3 with few levels.',
    goal: { kind: 'evade', maxEps: 0.02, maxL0: 5000, maxScales: 3 },
    hide: ['tv', 'patch'],
    lock: ['photo', 'eps'],
  },
};

const decode = (text: string, name = 'l.json') => decodeLesson(text, name, defaults, SAMPLES);
const edit = (f: (o: Record<string, unknown>) => void) => {
  const o = JSON.parse(encodeLesson(lesson)) as Record<string, unknown>;
  f(o);
  return JSON.stringify(o);
};

describe('lesson files', () => {
  it('round-trip the photo, every attack and mask setting, the backend and the setup', () => {
    const text = encodeLesson(lesson);
    const o = JSON.parse(text);
    expect(o).toMatchObject({ format: 'mtcnn-attack-lesson', version: 1, photo: { sample: 'group' }, backend: 'wasm', title: 'Scales', hide: ['tv', 'patch'], lock: ['photo', 'eps'] });
    // Every setting is written, defaults included, keyed by its link key.
    expect(o.settings).toMatchObject({ eps: 0.02, scales: [2, 3, 5], face: 2, seed: 77, maskSeed: 9, autoLambda: false, alpha: defaults.attack.alpha, patch: 'none' });
    const back = decode(text);
    expect(back).toEqual({ lesson, notices: [] });
  });

  it('embed an uploaded photo as a PNG data URL', async () => {
    const mine: Lesson = { ...lesson, photo: { name: 'me.png', dataUrl: PNG }, setup: null, backend: null };
    const back = decode(encodeLesson(mine));
    expect(back).toEqual({ lesson: mine, notices: [] });
    const blob = dataUrlToBlob(PNG);
    expect(blob.type).toBe('image/png');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuse what is not a lesson file, each with a sentence', () => {
    expect(decode('{"format": "mtcnn-attack-lesson", ', 'broken.json')).toEqual({ error: '“broken.json” is not a lesson file: it is not valid JSON.' });
    expect(decode('[1, 2]', 'list.json')).toEqual({ error: expect.stringMatching(/^“list\.json” is not a lesson file of this app/) });
    expect(decode('{"format": "something-else", "version": 1}')).toEqual({ error: expect.stringMatching(/not a lesson file of this app/) });
    expect(decode(edit((o) => (o.version = 2)), 'new.json')).toEqual({ error: expect.stringMatching(/^“new\.json” is a lesson file of version 2; this app reads version 1/) });
    expect(decode(edit((o) => delete o.photo))).toEqual({ error: expect.stringMatching(/names no photo/) });
    expect(decode(edit((o) => (o.photo = { sample: 'moon' })))).toEqual({ error: expect.stringMatching(/asks for the sample “moon”, which this app does not have \(it has astronaut, group\)/) });
    for (const image of ['data:text/plain;base64,aGVsbG8=', 'https://example.com/x.png', 42, 'data:image/png;base64,@@@']) {
      expect(decode(edit((o) => (o.photo = { name: 'x.png', image })), 'bad.json')).toEqual({
        error: 'The photo inside “bad.json” is not a PNG, JPEG or WebP image in a data URL, so the lesson cannot be opened.',
      });
    }
  });

  it('ignore unknown keys with a notice and refuse bad settings one by one, keeping the rest', () => {
    const text = edit((o) => {
      o.comment = 'made in class';
      (o.settings as Record<string, unknown>).epz = 1;
      (o.settings as Record<string, unknown>).eps = 'lots';
      (o.settings as Record<string, unknown>).steps = 5000.5;
      (o.goal as Record<string, unknown>).bonus = true;
      o.hide = ['tv', 'nose'];
      o.backend = 'quantum';
    });
    const r = decode(text);
    if ('error' in r) throw new Error(r.error);
    expect(r.lesson.attack.eps).toBe(defaults.attack.eps);
    expect(r.lesson.attack.steps).toBe(defaults.attack.steps);
    expect(r.lesson.attack.scales).toEqual([2, 3, 5]);
    expect(r.lesson.attack.seed).toBe(77);
    expect(r.lesson.backend).toBeNull();
    expect(r.lesson.setup?.hide).toEqual(['tv']);
    expect(r.lesson.setup?.lock).toEqual(['photo', 'eps']);
    expect(r.notices).toHaveLength(2);
    expect(r.notices[0]).toMatch(/^Some settings could not be used and were left at their defaults: eps lots: ε must be a number.*steps 5000\.5: steps must be a whole number.*backend quantum is not a backend.*hide=nose: not a control/);
    expect(r.notices[1]).toBe('Ignored what this app does not know: comment, settings.epz, goal.bonus.');
  });

  it('tell lesson files from images, and open lesson links only from the same site', async () => {
    expect(await looksLikeLesson(new Blob(['x']), 'class.JSON')).toBe(true);
    expect(await looksLikeLesson(new Blob(['  {"format"'], { type: '' }), 'lesson')).toBe(true);
    expect(await looksLikeLesson(new Blob(['{'], { type: 'image/png' }), 'a.png')).toBe(false);
    expect(await looksLikeLesson(new Blob(['\x89PNG']), 'photo')).toBe(false);
    const page = 'https://lab.example.org/app/?eps=0.02';
    expect(sameOriginLesson('lessons/one.json', page)?.href).toBe('https://lab.example.org/app/lessons/one.json');
    expect(sameOriginLesson('/one.json', page)?.href).toBe('https://lab.example.org/one.json');
    expect(sameOriginLesson('https://evil.example.com/one.json', page)).toBeNull();
    expect(sameOriginLesson('//evil.example.com/one.json', page)).toBeNull();
  });
});
