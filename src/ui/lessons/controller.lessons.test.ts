import { describe, expect, it } from 'vitest';
import { controllerHarness, fakeDetection, settle } from '../testing/harness';
import type { DecodedImage } from '../decodeImage';
import { ImageDecodeError } from '../decodeImage';
import { DEFAULT_PRESET } from '../presets';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { encodeLesson, type Lesson } from './lessonFile';
import { readLink } from '../urlState';

/*
 * Lessons through the controller, with a scripted engine: a lesson file dropped or named by the
 * link restores the photo and every setting, the face and scales apply to its photo, bad files
 * change nothing, and locked controls keep their values.
 */

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };

const detection = (faces: number, levels = 8) => fakeDetection(faces, levels);

function setup(search = '', files: Record<string, string> = {}) {
  const decoded: string[] = [];
  const fetched: string[] = [];
  const { app, store, state, engine, url, startWith } = controllerHarness(search, {
    decode: async (blob, name): Promise<DecodedImage> => {
      // "hello" is what the damaged lesson's data URL holds: not an image.
      if ((await blob.text()).startsWith('hello')) throw new ImageDecodeError(`“${name}” could not be read as an image.`);
      decoded.push(name);
      return { image: { width: 2, height: 1, data: new Uint8ClampedArray(8).fill(255) }, notice: null, originalWidth: 2, originalHeight: 1 };
    },
    pageHref: () => `https://lab.example.org/app/${url.search}`,
    fetchLesson: async (u) => {
      fetched.push(u);
      const text = files[u];
      if (text === undefined) throw new Error('HTTP 404');
      return text;
    },
  });
  const detect = async (faces = 4) => {
    await settle();
    engine().last('detect').resolve(detection(faces));
    await settle();
  };
  const started = () => startWith();
  return { app, store, state, engine, url, decoded, fetched, detect, started };
}

const lesson = (over: Partial<Lesson> = {}): Lesson => ({
  photo: { name: 'class photo.png', dataUrl: PNG },
  attack: { ...defaults.attack, face: 2, scales: [3, 4, 6], eps: 0.03, steps: 12, seed: 5 },
  sparse: { ...defaults.sparse, lambda: 3 },
  backend: null,
  setup: { title: 'T', task: 'Hide face 3.', goal: { kind: 'evade', maxEps: 0.03, maxL0: null, maxScales: null }, hide: ['tv'], lock: ['photo', 'eps'] },
  ...over,
});

const texts = (s: { messages: { kind: string; text: string }[] }, kind: string) => s.messages.filter((m) => m.kind === kind).map((m) => m.text);

describe('lessons in the controller', () => {
  it('a dropped lesson file restores its photo, every setting, the face and scales (after detection) and the setup', async () => {
    const t = setup();
    await t.started();
    await t.detect(1);
    void t.app.loadPhoto(new Blob([encodeLesson(lesson())], { type: 'application/json' }), 'scales.json');
    await settle();
    expect(t.state().photo?.name).toBe('class photo.png');
    expect(t.state().photo?.sample).toBeNull();
    expect(t.decoded.at(-1)).toBe('class photo.png');
    expect(t.state().lesson?.task).toBe('Hide face 3.');
    expect(t.state().sparseParams.lambda).toBe(3);
    await t.detect(4);
    // The face and scales were made for this photo: they stay.
    expect(t.state().params).toEqual(lesson().attack);
    expect(texts(t.state(), 'notice')).toEqual(['Opened the lesson file “scales.json”.']);
    expect(texts(t.state(), 'error')).toEqual([]);
    // The address bar shows what the app uses (the photo itself cannot be in it).
    const link = readLink(t.url.search, defaults, ['astronaut', 'group']);
    expect(link.setup).toEqual(lesson().setup);
    expect(link.attack.eps).toBe(0.03);
    expect(link.lesson).toBeNull();
  });

  it('a lesson file whose face does not fit its photo is reported after detection', async () => {
    const t = setup();
    await t.started();
    await t.detect(1);
    void t.app.loadPhoto(new Blob([encodeLesson(lesson())]), 'scales.json');
    await t.detect(2);
    expect(t.state().params.face).toBe(0);
    expect(texts(t.state(), 'notice').join(' ')).toMatch(/face=2 does not apply: 2 face\(s\) were found/);
  });

  it('a bad lesson file changes nothing and says why', async () => {
    const t = setup();
    await t.started();
    await t.detect(1);
    const before = t.state().params;
    await t.app.loadPhoto(new Blob(['{"format": "mtcnn-attack-lesson", "version": 7}']), 'old.json');
    expect(texts(t.state(), 'error')).toEqual([expect.stringMatching(/^“old\.json” is a lesson file of version 7; this app reads version 1/)]);
    await t.app.loadPhoto(new Blob(['{ nope']), 'x.json');
    expect(texts(t.state(), 'error')).toEqual(['“x.json” is not a lesson file: it is not valid JSON.']);
    // A data URL that is well formed but not an image: the decoder refuses it, nothing changes.
    const damaged = lesson({ photo: { name: 'x.png', dataUrl: 'data:image/png;base64,aGVsbG8=' } });
    await t.app.loadPhoto(new Blob([encodeLesson(damaged)]), 'damaged.json');
    expect(texts(t.state(), 'error')).toEqual(['The photo inside “damaged.json” could not be read: it is damaged. Nothing was changed.']);
    expect(t.state().params).toBe(before);
    expect(t.state().photo?.sample).toBe('astronaut');
    expect(t.state().lesson).toBeNull();
    expect(t.state().loading).toBeNull();
  });

  it('lesson=<path> opens a same-site lesson file, with the link’s own values over it, and stays in the link', async () => {
    const file = encodeLesson(lesson({ photo: { sample: 'group' } }));
    const t = setup('?lesson=lessons/scales.json&steps=20&epz=1', { 'https://lab.example.org/app/lessons/scales.json': file });
    await t.started();
    expect(t.fetched).toEqual(['https://lab.example.org/app/lessons/scales.json']);
    expect(t.state().photo?.sample).toBe('group');
    await t.detect(4);
    expect(t.state().params).toEqual({ ...lesson().attack, steps: 20 });
    expect(t.state().lesson?.lock).toEqual(['photo', 'eps']);
    expect(t.url.search).toMatch(/^\?sample=group&lesson=lessons%2Fscales\.json&/);
    expect(t.url.search).toContain('steps=20');
    // The link's own problem stays on screen next to the lesson's notice.
    expect(texts(t.state(), 'error')).toEqual([expect.stringContaining('epz is not a setting this app knows')]);
    expect(texts(t.state(), 'notice')).toEqual(['Opened the lesson file “scales.json”.']);
  });

  it('lesson=<path> on another site, or missing, is refused in words and the app starts without it', async () => {
    const t = setup('?lesson=https://evil.example.com/x.json&eps=0.02');
    await t.started();
    expect(t.fetched).toEqual([]);
    expect(texts(t.state(), 'error')).toEqual(['lesson=https://evil.example.com/x.json is not on this site; only lesson files from the same site can be opened from a link.']);
    expect(t.state().photo?.sample).toBe('astronaut');
    expect(t.state().params.eps).toBe(0.02);
    expect(t.url.search).not.toContain('lesson=');

    const u = setup('?lesson=gone.json');
    await u.started();
    expect(texts(u.state(), 'error')).toEqual(['The lesson “gone.json” could not be loaded from this site. Check the link; the app opened without it.']);
    expect(u.state().photo?.sample).toBe('astronaut');
  });

  it('hidden and locked controls keep their values; a locked photo keeps its photo', async () => {
    const t = setup('?lock=eps,photo,prune&hide=steps&eps=0.02');
    await t.started();
    await t.detect(1);
    t.app.setParams({ eps: 0.1, steps: 3, alpha: 0.002 });
    expect(t.state().params).toMatchObject({ eps: 0.02, steps: defaults.attack.steps, alpha: 0.002 });
    t.app.setSparseParams({ lambda: 9 });
    expect(t.state().sparseParams.lambda).toBe(defaults.sparse.lambda);
    await t.app.loadSample('group');
    await t.app.loadPhoto(new Blob(['mine']), 'mine.png');
    expect(t.state().photo?.sample).toBe('astronaut');
    expect(texts(t.state(), 'notice')).toEqual(['This lesson keeps its photo: the photo controls are locked.']);
    // A lesson file still opens.
    void t.app.loadPhoto(new Blob([encodeLesson(lesson({ setup: null }))]), 'next.json');
    await settle();
    expect(t.state().photo?.name).toBe('class photo.png');
    expect(t.state().lesson).toBeNull();
  });

  it('builds the lesson link and the lesson file from the current state', async () => {
    const t = setup('?sample=group&face=1&scales=2,3&seed=4');
    await t.started();
    await t.detect(4);
    const setupIn = { title: null, task: 'Go', goal: { kind: 'evade' as const, maxEps: null, maxL0: 800, maxScales: null }, hide: [], lock: ['face' as const] };
    const search = t.app.lessonLink(setupIn);
    const back = readLink(search, defaults, ['astronaut', 'group']);
    expect(back.sample).toBe('group');
    expect(back.attack).toMatchObject({ face: 1, scales: [2, 3], seed: 4 });
    expect(back.setup).toEqual(setupIn);
    const file = JSON.parse(t.app.lessonFile(setupIn, null)!);
    expect(file).toMatchObject({ photo: { sample: 'group' }, task: 'Go', goal: { kind: 'evade', maxL0: 800 }, lock: ['face'] });
    expect(file.settings).toMatchObject({ face: 1, scales: [2, 3], seed: 4 });
    // A lesson link names its sample even when it is the default one (the address bar need not).
    const u = setup();
    await u.started();
    await u.detect(1);
    expect(u.app.lessonLink(null)).toBe('?sample=astronaut');
    expect(u.url.search).toBe('');
  });
});
