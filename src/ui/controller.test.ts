import { describe, expect, it } from 'vitest';
import { controllerHarness, fakeDetection, settle as settleAll } from './testing/harness';
import { EngineFailure } from './engineApi';
import { ImageDecodeError, type DecodedImage } from './decodeImage';

/*
 * The controller driven headless with a scripted engine: every sequence of clicks that broke the
 * first app, and start-up, links and recovery.
 */

const settle = () => settleAll(5);

function image(tag: number): DecodedImage {
  return { image: { width: 2, height: 1, data: new Uint8ClampedArray([tag, 0, 0, 255, tag, 0, 0, 255]) }, notice: null, originalWidth: 2, originalHeight: 1 };
}

const detection = (faces: number, levels = 6) => fakeDetection(faces, levels);

interface Setup {
  search?: string;
  /** Per blob name: a decode that waits for the returned release function. */
  slowDecode?: string[];
}

function setup({ search = '', slowDecode = [] }: Setup = {}) {
  const releases = new Map<string, () => void>();
  let tag = 1;
  const { app, store, state, engines, engine, url, startWith } = controllerHarness(search, {
    decode: async (blob, name) => {
      const t = tag++;
      if ((await blob.text()) === 'broken') throw new ImageDecodeError(`“${name}” could not be read as an image.`);
      if (slowDecode.includes(name)) await new Promise<void>((r) => releases.set(name, r));
      return image(t);
    },
  });
  /** Start-up to a detected sample with `faces` faces. */
  const started = (faces = 1) => startWith(detection(faces), 5);
  const attacked = async () => {
    void app.runAttack();
    await settle();
    const job = engine().last('attack');
    job.resolve({ params: state().params, stopped: false, faces: [{ face: 0, evaded: true }], image: image(9).image, perturbation: new Float32Array(6), successRate: 1, norms: {}, detection: detection(0), msPerStep: 1 });
    await settle();
    return job;
  };
  return { app, store, state, engines, engine, url, releases, started, attacked };
}

const errors = (s: { messages: { kind: string; text: string }[] }) => s.messages.filter((m) => m.kind === 'error').map((m) => m.text);

describe('controller: start-up and photos', () => {
  it('starts the engine and loads the sample at once, detecting it when the engine is ready', async () => {
    const t = setup();
    t.app.start();
    t.app.start(); // React's development double effect: still one engine
    await settle();
    expect(t.engines).toHaveLength(1);
    expect(t.state().phase.kind).toBe('starting');
    expect(t.state().photo?.sample).toBe('astronaut');
    expect(t.engine().jobs).toHaveLength(0);
    t.engine().ready();
    await settle();
    expect(t.state().phase.kind).toBe('detecting');
    t.engine().last('detect').resolve(detection(1));
    await settle();
    expect(t.state().phase.kind).toBe('idle');
    expect(t.state().detection?.faces).toHaveLength(1);
    expect(t.state().messages).toEqual([]);
  });

  it('keeps a photo dropped during start-up: it is the one detected, not the sample', async () => {
    const t = setup();
    t.app.start();
    void t.app.loadPhoto(new Blob(['mine']), 'mine.png');
    await settle();
    expect(t.state().photo?.name).toBe('mine.png');
    t.engine().ready();
    await settle();
    const detects = t.engine().jobs.filter((j) => j.kind === 'detect');
    expect(detects).toHaveLength(1);
    expect(t.state().photo?.name).toBe('mine.png');
    expect(errors(t.state())).toEqual([]);
  });

  it('the newest choice wins over a slower earlier decode', async () => {
    const t = setup({ slowDecode: ['slow.png'] });
    await t.started();
    void t.app.loadPhoto(new Blob(['a']), 'slow.png');
    await settle();
    expect(t.state().loading).toBe('slow.png');
    void t.app.loadPhoto(new Blob(['b']), 'fast.png');
    await settle();
    expect(t.state().photo?.name).toBe('fast.png');
    t.releases.get('slow.png')!();
    await settle();
    expect(t.state().photo?.name).toBe('fast.png');
    expect(t.state().loading).toBeNull();
  });

  it('a damaged file is reported in words and the current photo stays', async () => {
    const t = setup();
    await t.started();
    await t.app.loadPhoto(new Blob(['broken']), 'x.png');
    expect(t.state().photo?.sample).toBe('astronaut');
    expect(errors(t.state())).toEqual(['“x.png” could not be read as an image.']);
    const id = t.state().messages[0]!.id;
    t.app.dismiss(id);
    expect(t.state().messages).toEqual([]);
  });
});

describe('controller: jobs and phases', () => {
  it('Reset while the mask trains cancels it, frees the run and says nothing alarming', async () => {
    const t = setup();
    await t.started();
    await t.attacked();
    void t.app.runSparse();
    await settle();
    expect(t.state().phase.kind).toBe('pruning');
    const prune = t.engine().last('prune');
    expect(t.app.canStart('reset')).toBe(true);
    t.app.reset();
    await settle();
    expect(prune.settled).toBe(true);
    expect(t.engine().last('release')).toBeTruthy();
    expect(t.state().run).toBeNull();
    expect(t.state().phase.kind).toBe('idle');
    expect(errors(t.state())).toEqual([]);
  });

  it('a new photo while the mask trains cancels the prune and detects the new photo', async () => {
    const t = setup();
    await t.started();
    await t.attacked();
    void t.app.runSparse();
    await settle();
    const prune = t.engine().last('prune');
    const cancels = t.engine().cancelAllCalls;
    void t.app.loadPhoto(new Blob(['x']), 'other.png');
    await settle();
    expect(prune.settled).toBe(true);
    expect(t.engine().cancelAllCalls).toBeGreaterThan(cancels);
    expect(t.state().run).toBeNull();
    expect(t.state().phase.kind).toBe('detecting');
    expect(errors(t.state())).toEqual([]);
  });

  it('Run attack while the mask trains cancels the prune and starts the attack', async () => {
    const t = setup();
    await t.started();
    const first = await t.attacked();
    void t.app.runSparse();
    await settle();
    expect(t.app.canStart('attack')).toBe(true);
    void t.app.runAttack();
    await settle();
    expect(t.engine().last('prune').settled).toBe(true);
    const second = t.engine().last('attack');
    expect(second.id).not.toBe(first.id);
    expect(t.state().run?.id).toBe(second.id);
    expect(t.state().phase).toEqual({ kind: 'attacking', paused: false, stopping: false });
    expect(t.app.canStart('attack')).toBe(false);
    expect(errors(t.state())).toEqual([]);
  });

  it('Compare then Prune prunes the shown run, by its run id', async () => {
    const t = setup({ search: '?domain=scaled-nearest' });
    await t.started();
    const run = await t.attacked();
    void t.app.compareUpsampling();
    await settle();
    const compare = t.engine().last('compare');
    expect(compare.args[0]).toBe(run.id);
    expect(t.state().phase.kind).toBe('comparing');
    expect(t.app.canStart('prune')).toBe(false);
    compare.resolve({ params: { ...t.state().params, domain: 'scaled-bilinear' }, faces: [] });
    await settle();
    void t.app.runSparse();
    await settle();
    expect(t.engine().last('prune').args[0]).toBe(run.id);
  });

  it('pause, step and stop go to the running job; the engine’s judging phase shows; stale phases are ignored', async () => {
    const t = setup();
    await t.started();
    void t.app.runAttack();
    await settle();
    const job = t.engine().last('attack');
    t.app.pauseAttack();
    expect(t.state().phase).toEqual({ kind: 'attacking', paused: true, stopping: false });
    expect(t.app.canStart('step')).toBe(true);
    t.app.stepAttack();
    t.app.stopAttack();
    expect(t.engine().controls).toEqual([
      [job.id, 'pause'],
      [job.id, 'step'],
      [job.id, 'stop'],
    ]);
    t.engine().callbacks.onPhase('judging', job.id - 1);
    expect(t.state().phase.kind).toBe('attacking');
    t.engine().callbacks.onPhase('judging', job.id);
    expect(t.state().phase.kind).toBe('judging');
    expect(t.app.canStart('reset')).toBe(true);
  });

  it('Stop pruning stops the prune job only', async () => {
    const t = setup();
    await t.started();
    await t.attacked();
    void t.app.runSparse();
    await settle();
    expect(t.app.canStart('stop')).toBe(false);
    t.app.stopPruning();
    expect(t.engine().controls.at(-1)).toEqual([t.engine().last('prune').id, 'stop']);
    expect(t.state().phase).toEqual({ kind: 'pruning', stopping: true });
  });

  it('an internal failure becomes a sentence, with the raw text folded away as details', async () => {
    const t = setup();
    await t.started();
    void t.app.runAttack();
    await settle();
    t.engine().last('attack').reject(new EngineFailure('internal', "Cannot read properties of undefined (reading 'backend')"));
    await settle();
    const m = t.state().messages.at(-1)!;
    expect(m.text).toBe('Something went wrong while running the attack. Try again; if it keeps happening, reload the page.');
    expect(m.details).toContain("reading 'backend'");
    expect(t.state().run?.outcome).toBe('failed');
    expect(t.state().phase.kind).toBe('idle');
  });
});

describe('controller: recovery', () => {
  it('a worker that cannot start is retried once, then "Detector unavailable" with Retry — never a loop', async () => {
    const t = setup();
    t.app.start();
    await settle();
    t.engine().callbacks.onCrash('the engine worker could not run');
    await settle();
    expect(t.engines).toHaveLength(2);
    t.engine().callbacks.onCrash('the engine worker could not run');
    await settle();
    expect(t.engines).toHaveLength(2);
    expect(t.state().phase.kind).toBe('unavailable');
    expect(errors(t.state())[0]).toMatch(/^Detector unavailable\./);
    expect(t.app.canStart('retry')).toBe(true);
    t.app.retry();
    await settle();
    expect(t.engines).toHaveLength(3);
    expect(t.state().phase.kind).toBe('starting');
  });

  it('a crash after start restarts on each other backend at most once, keeping photo and settings', async () => {
    const t = setup({ search: '?eps=0.02' });
    t.app.start();
    await settle();
    t.engine().ready('webgpu');
    await settle();
    t.engine().last('detect').resolve(detection(1));
    await settle();
    const tried: (string | null | undefined)[] = [];
    for (const name of ['wasm', 'webgl', 'cpu'] as const) {
      t.engine().crash();
      await settle();
      tried.push(t.engine().initBackend);
      expect(errors(t.state()).at(-1)).toMatch(new RegExp(`engine stopped\\. It was restarted on ${name}; your photo and settings are kept\\.`));
      t.engine().ready(name);
      await settle();
      expect(t.state().backendNote).toMatch(/^restarted after/);
      expect(t.engine().last('detect')).toBeTruthy();
      t.engine().last('detect').resolve(detection(1));
      await settle();
    }
    expect(tried).toEqual(['wasm', 'webgl', 'cpu']);
    t.engine().crash();
    await settle();
    expect(t.engines).toHaveLength(4);
    expect(t.state().phase.kind).toBe('unavailable');
    expect(t.state().params.eps).toBe(0.02);
    expect(t.state().photo?.sample).toBe('astronaut');
  });
});

describe('controller: links', () => {
  it('a bad key is refused alone, its message outlives the sample load, and the address bar shows what is used', async () => {
    const t = setup({ search: '?eps=abc&steps=20&backend=bogus' });
    await t.started();
    expect(t.state().params.steps).toBe(20);
    expect(t.state().params.eps).toBe(0.05);
    const link = t.state().messages.find((m) => m.topic === 'link')!;
    expect(link.text).toMatch(/eps=abc.*must be a number.*backend=bogus is not a backend/);
    expect(t.url.search).toBe('?steps=20');
    void t.app.loadSample('group');
    await settle();
    expect(t.state().photo?.sample).toBe('group');
    expect(t.state().messages.some((m) => m.topic === 'link')).toBe(true);
  });

  it('face and scales from a link apply to its own photo when they fit', async () => {
    const t = setup({ search: '?sample=group&face=2&scales=1,2' });
    await t.started(4);
    expect(t.state().photo?.sample).toBe('group');
    expect(t.state().params.face).toBe(2);
    expect(t.state().params.scales).toEqual([1, 2]);
    expect(t.url.search).toBe('?sample=group&scales=1%2C2&face=2');
  });

  it('face and scales that do not fit the photo are reported and replaced, and the URL follows', async () => {
    const t = setup({ search: '?face=3&scales=1,40' });
    await t.started(1);
    expect(t.state().params.face).toBe(0);
    expect(t.state().params.scales).toBe('auto');
    const note = t.state().messages.find((m) => m.topic === 'link')!;
    expect(note.text).toMatch(/face=3 does not apply.*scales=1,40 does not apply/);
    expect(t.url.search).toBe('');
  });

  it('a photo other than the link’s: the link’s face does not apply to it, and that is said', async () => {
    const t = setup({ search: '?face=2' });
    t.app.start();
    void t.app.loadPhoto(new Blob(['x']), 'mine.png');
    await settle();
    expect(t.state().params.face).toBe(0);
    expect(t.state().messages.find((m) => m.topic === 'link')!.text).toMatch(/do not apply to this photo/);
  });

  it('parameter changes are refused while attacking and written to the URL otherwise', async () => {
    const t = setup();
    await t.started();
    t.app.setParams({ eps: 0.04 });
    expect(t.url.search).toBe('?eps=0.04');
    void t.app.runAttack();
    await settle();
    t.app.setParams({ eps: 0.02 });
    expect(t.state().params.eps).toBe(0.04);
  });
});

describe('sweeps', () => {
  const point = (value: number, face: number, evaded: boolean) => ({ value, photo: 'astronaut.png', face, evaded, l0Pixels: 1, linf: 0.01, psnr: 40 });

  it('run on the current photo with the current settings; points arrive live; the phase goes back to idle', async () => {
    const t = setup();
    await t.started(2);
    void t.app.runSweep('eps', [0.01, 0.05], 'photo');
    await settle();
    const job = t.engine().last('sweep');
    const [spec, , source] = job.args as [{ vary: string; values: number[]; faces: string; base: { eps: number } }, unknown, unknown];
    expect(spec).toMatchObject({ vary: 'eps', values: [0.01, 0.05], faces: 'every' });
    expect(source).toEqual({ currentName: t.state().photo!.name });
    expect(t.state().phase.kind).toBe('experimenting');
    expect(t.state().sweep).toMatchObject({ status: 'running', total: 4, points: [] });
    expect(t.app.canStart('experiment')).toBe(false);
    job.onEvent!({ id: job.id, type: 'sweepPoint', point: point(0.01, 0, false) });
    expect(t.state().sweep!.points).toHaveLength(1);
    job.resolve([point(0.01, 0, false), point(0.01, 1, true), point(0.05, 0, true), point(0.05, 1, true)]);
    await settle();
    expect(t.state().sweep).toMatchObject({ status: 'done', total: 4 });
    expect(t.state().phase.kind).toBe('idle');
  });

  it('Cancel sweep cancels the job and keeps the points; a bad value list is refused in words', async () => {
    const t = setup();
    await t.started(1);
    void t.app.runSweep('alpha', [0.001, 99], 'chosen');
    await settle();
    expect(t.engine().jobs.some((j) => j.kind === 'sweep')).toBe(false);
    expect(t.state().messages.at(-1)).toMatchObject({ topic: 'sweep', kind: 'error' });
    void t.app.runSweep('alpha', [0.001, 0.002], 'chosen');
    await settle();
    const job = t.engine().last('sweep');
    job.onEvent!({ id: job.id, type: 'sweepPoint', point: point(0.001, 0, false) });
    t.app.stopExperiment();
    expect(t.engine().controls.at(-1)).toEqual([job.id, 'cancel']);
    job.reject(new EngineFailure('cancelled', 'the run was cancelled'));
    await settle();
    expect(t.state().sweep).toMatchObject({ status: 'cancelled', points: [point(0.001, 0, false)] });
    expect(t.state().messages.filter((m) => m.topic === 'sweep')).toHaveLength(0);
  });

  it('every face of the bundled samples: each sample is fetched, decoded and sent along', async () => {
    const t = setup();
    await t.started(1);
    void t.app.runSweep('steps', [5], 'samples');
    await settle();
    const [, , source] = t.engine().last('sweep').args as [unknown, unknown, { photos: { name: string }[] }];
    expect(source.photos.map((p) => p.name)).toEqual(['astronaut.png', 'group.jpg']);
  });
});

describe('the head matrix', () => {
  it('rows arrive live; Stop stops (keeping the rows), and the phase of its own attacks never shows', async () => {
    const t = setup();
    await t.started(1);
    void t.app.runHeads();
    await settle();
    const job = t.engine().last('heads');
    expect(t.state().phase.kind).toBe('experimenting');
    t.engine().callbacks.onPhase('judging', job.id);
    expect(t.state().phase.kind).toBe('experimenting');
    const row = { set: 'pnet-cls', label: 'P-Net face/no-face', face: 0, evaded: true } as never;
    job.onEvent!({ id: job.id, type: 'headRow', row, done: 1, total: 11 });
    expect(t.state().heads).toMatchObject({ status: 'running', total: 11, rows: [row] });
    t.app.stopExperiment();
    expect(t.engine().controls.at(-1)).toEqual([job.id, 'stop']);
    job.resolve({ params: t.state().params, lostEvery: 5, faces: [], rows: [row], stopped: true });
    await settle();
    expect(t.state().heads).toMatchObject({ status: 'stopped', rows: [row] });
    expect(t.state().phase.kind).toBe('idle');
  });
});
