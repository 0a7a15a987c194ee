import { detectFaces, type Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { rgbaToTensor, type RgbaImage } from '../image';
import { DenseAttack } from '../attack/dense';
import type { AttackParams } from '../attack/params';
import type { SparseParams } from '../attack/sparse';
import { JobQueue, type JobKind } from './queue';
import { headMatrix, type HeadMatrix, type HeadMatrixHooks } from '../experiments/headMatrix';
import type { GateAction, RunGate } from './gate';
import { runSweep, type NamedPhoto, type SweepPoint, type SweepSpec } from './sweep';
import type { TinyFaceWeights } from '../transfer/weights';
import { transferVerdict, type TransferTarget, type TransferVerdict } from '../transfer/verdict';
import { defenceTable, type DefenceRow } from '../defences/table';
import { cleanFacesOf, mtcnnJudge } from '../defences/judges';
import { tinyFaceJudge } from '../defences/tinyJudge';
import { attackAndJudge, otherUpsampling, pruneAndJudge, type AttackHooks, type FinishedAttack, type Photo, type PruneHooks, type PrunedAttack, type RunPhase } from './orchestrate';

/**
 * Everything an engine reports as "what it is doing now". 'preparing': a warm-up the engine runs on
 * its own after a detection (see RunSession.warm); any other job cancels it.
 */
export type EnginePhase = 'detecting' | RunPhase | 'preparing' | 'sweeping' | 'checking' | 'idle';

export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
}

/**
 * The engine's state and its job queue: the weights, the current photo (pixels, tensor, clean
 * detection) and the finished attacks kept for pruning, by run id. Every command is a job; jobs run
 * one at a time, so a kept attack is only ever freed by a job, never under a running one.
 */
export class RunSession {
  private photo: Photo | null = null;
  /** The second detector's detections on the current photo (made by the first transfer check). */
  private tinyClean: { photo: Photo; faces: TransferVerdict['cleanDetections'] } | null = null;
  private readonly kept = new Map<number, DenseAttack>();
  private readonly queue: JobQueue;

  constructor(
    private readonly weights: MtcnnWeights,
    private readonly onPhase: (phase: EnginePhase, jobId: number | null) => void = () => {},
  ) {
    this.queue = new JobQueue(() => this.onPhase('idle', null));
  }

  /** Every job but a warm-up first cancels a warm-up (running or waiting): it is only ever a head start. */
  private submit<T>(jobId: number, kind: JobKind, work: (gate: RunGate) => Promise<T>): Promise<T> {
    if (kind !== 'warm') this.queue.cancel((j) => j.kind === 'warm');
    return this.queue.submit(jobId, kind, work);
  }

  get running(): { id: number; kind: JobKind } | null {
    return this.queue.running;
  }

  /** Detects faces on a new photo; on success it replaces the photo and frees every kept attack. */
  detect(jobId: number, image: RgbaImage, options: DetectOptions): Promise<Detection> {
    return this.submit(jobId, 'detect', async (gate) => {
      this.onPhase('detecting', jobId);
      const tensor = rgbaToTensor(image);
      let detection: Detection;
      try {
        detection = await detectFaces(this.weights, tensor, options);
        gate.check();
      } catch (err) {
        tensor.dispose();
        throw err;
      }
      this.releaseAll();
      this.photo?.tensor.dispose();
      this.photo = { rgba: image, tensor, detection };
      return detection;
    });
  }

  /** Attacks the current photo; the finished attack is kept under `jobId` (earlier ones are freed). */
  attack(jobId: number, params: AttackParams, options: DetectOptions, hooks: Omit<AttackHooks, 'gate' | 'keep' | 'onPhase'> = {}): Promise<FinishedAttack> {
    return this.submit(jobId, 'attack', async (gate) => {
      const photo = this.currentPhoto();
      this.releaseAll();
      const done = await attackAndJudge(this.weights, photo, params, options, { ...hooks, gate, keep: true, onPhase: (p) => this.onPhase(p, jobId) });
      this.kept.set(jobId, done.attack!);
      return done;
    });
  }

  /** Prunes the δ of the kept attack `runId` (AutoAdversary). */
  prune(jobId: number, runId: number, params: SparseParams, hooks: Omit<PruneHooks, 'gate' | 'onPhase'> = {}): Promise<PrunedAttack> {
    return this.submit(jobId, 'prune', (gate) =>
      pruneAndJudge(this.weights, this.currentPhoto(), this.keptAttack(runId), params, { ...hooks, gate, onPhase: (p) => this.onPhase(p, jobId) }),
    );
  }

  /** The kept attack `runId` again with the other upsampling; the comparison is not kept. */
  compare(jobId: number, runId: number, hooks: Omit<AttackHooks, 'gate' | 'keep' | 'onPhase' | 'phase'> = {}): Promise<FinishedAttack> {
    return this.submit(jobId, 'compare', async (gate) => {
      const run = this.keptAttack(runId);
      const params = otherUpsampling(run.params);
      return attackAndJudge(this.weights, this.currentPhoto(), params, run.options, { ...hooks, gate, phase: 'comparing', onPhase: (p) => this.onPhase(p, jobId) });
    });
  }

  /**
   * A sweep (run/sweep.ts) on the current photo (named `currentName`), or on `photos` instead (the
   * bundled samples: each is detected here, and freed when the sweep ends). Kept attacks stay.
   */
  sweep(jobId: number, spec: SweepSpec, options: DetectOptions, source: { currentName: string } | { photos: { name: string; rgba: RgbaImage }[] }, onPoint?: (point: SweepPoint) => void | Promise<void>): Promise<SweepPoint[]> {
    return this.submit(jobId, 'sweep', async (gate) => {
      this.onPhase('sweeping', jobId);
      const owned: NamedPhoto[] = [];
      try {
        let photos: NamedPhoto[];
        if ('currentName' in source) photos = [{ ...this.currentPhoto(), name: source.currentName }];
        else {
          for (const { name, rgba } of source.photos) {
            gate.check();
            const tensor = rgbaToTensor(rgba);
            owned.push({ name, rgba, tensor, detection: await detectFaces(this.weights, tensor, { ...options, conventions: spec.base.conventions }) });
          }
          photos = owned;
        }
        return await runSweep(this.weights, photos, spec, options, { gate, onPoint });
      } finally {
        for (const p of owned) p.tensor.dispose();
      }
    });
  }

  /**
   * The per-head vulnerability matrix (experiments/headMatrix.ts) on the current photo: one attack per
   * head set on the chosen face(s), each judged on 8 bits. Kept attacks stay; Stop ends it after the
   * running attack (its rows so far are returned), Cancel abandons it.
   */
  heads(jobId: number, params: AttackParams, options: DetectOptions, hooks: Omit<HeadMatrixHooks, 'gate' | 'onPhase'> = {}): Promise<HeadMatrix> {
    return this.submit(jobId, 'heads', (gate) => headMatrix(this.weights, this.currentPhoto(), params, options, { ...hooks, gate, onPhase: (p) => this.onPhase(p, jobId) }));
  }

  /**
   * The second detector (core/transfer) on an attacked image of the current photo: does it still
   * find the attacked faces (`targets`, MTCNN's clean boxes)? Its clean detections are made once per photo.
   */
  transfer(jobId: number, tiny: TinyFaceWeights, adversarial: RgbaImage, targets: TransferTarget[]): Promise<TransferVerdict> {
    return this.submit(jobId, 'check', async () => {
      this.onPhase('checking', jobId);
      const photo = this.currentPhoto();
      const verdict = await transferVerdict(tiny, photo.rgba, adversarial, targets, undefined, this.tinyClean?.photo === photo ? this.tinyClean.faces : undefined);
      this.tinyClean = { photo, faces: verdict.cleanDetections };
      return verdict;
    });
  }

  /**
   * Defences (core/defences) on an attacked image of the current photo: after each one, do MTCNN and
   * the second detector find the attacked `faces` again? Rows arrive one by one; cancellable between rows.
   */
  defences(jobId: number, tiny: TinyFaceWeights, adversarial: RgbaImage, faces: number[], options: DetectOptions, onRow?: (row: DefenceRow) => void): Promise<DefenceRow[]> {
    return this.submit(jobId, 'check', async (gate) => {
      this.onPhase('checking', jobId);
      const photo = this.currentPhoto();
      const judges = [mtcnnJudge(this.weights, photo.rgba, photo.detection, options), tinyFaceJudge(tiny, photo.rgba)];
      return defenceTable(adversarial, cleanFacesOf(photo.detection, faces), judges, undefined, (row) => {
        gate.check();
        onRow?.(row);
      });
    });
  }

  /**
   * A dry run of an attack on the current photo, its result discarded: one full step and the last
   * (loss only) step, on the shapes `params` gives. On WebGPU this compiles the attack's shaders
   * while the user looks at the detection, so that the real attack's first step is not a cold one.
   * Every other job cancels it (between its steps).
   */
  warm(jobId: number, params: AttackParams, options: DetectOptions): Promise<void> {
    return this.submit(jobId, 'warm', async (gate) => {
      this.onPhase('preparing', jobId);
      const photo = this.currentPhoto();
      const attack = await DenseAttack.create(this.weights, photo.tensor, photo.detection, { ...params, steps: 1 }, { ...options, conventions: params.conventions });
      try {
        const steps = attack.steps();
        for (;;) {
          gate.check();
          if ((await steps.next()).done) break;
        }
        attack.adversarial().dispose();
      } finally {
        attack.dispose();
      }
    });
  }

  /** Frees every kept attack (Reset). */
  release(jobId: number): Promise<void> {
    return this.submit(jobId, 'release', async () => this.releaseAll());
  }

  /** Pause, resume, step, stop or cancel one job. */
  control(jobId: number, action: GateAction): void {
    this.queue.control(jobId, action);
  }

  /** Cancels the running job and every waiting one. */
  cancelAll(): void {
    this.queue.cancel();
  }

  /** Ids of the attacks kept for pruning (for tests and diagnostics). */
  keptRuns(): number[] {
    return [...this.kept.keys()];
  }

  dispose(): void {
    this.cancelAll();
    this.releaseAll();
    this.photo?.tensor.dispose();
    this.photo = null;
  }

  private currentPhoto(): Photo {
    if (!this.photo) throw new UnknownRunError('Load a photo before attacking it.');
    return this.photo;
  }

  private keptAttack(runId: number): DenseAttack {
    const attack = this.kept.get(runId);
    if (!attack) throw new UnknownRunError('That attack is no longer available (a newer attack, photo or reset replaced it). Run the attack again.');
    return attack;
  }

  private releaseAll(): void {
    for (const a of this.kept.values()) a.dispose();
    this.kept.clear();
  }
}
