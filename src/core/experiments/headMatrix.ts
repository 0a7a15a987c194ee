import type { Rect } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import type { Head } from '../attack/heads';
import type { AttackParams } from '../attack/params';
import type { PerturbationNorms } from '../attack/metrics';
import { AttackSetupError } from '../attack/dense';
import { attackAndJudge, type Photo, type RunPhase } from '../run/orchestrate';
import type { RunGate } from '../run/gate';
import type { Funnel } from '../mtcnn/funnel';
import { HEAD_SETS, type HeadSet } from './headSets';
import { diagnoseFace, type LostStage, type StageScores } from './cascadeDiagnosis';
import { LostStepTracker } from './lostStep';

/*
 * The per-head vulnerability matrix (seed 003's fine-grained analysis, for MTCNN's seven heads):
 * for each chosen face, the same attack budget (method, ε, α, steps, seed, every other setting)
 * aimed at each head set of HEAD_SETS in turn, each run through the run core (attackAndJudge) and
 * judged on its 8-bit image. Each row says whether the face was evaded, at which update the
 * cascade lost it (lostStep.ts), the stage scores on the final image, and where the cascade lost it
 * (cascadeDiagnosis.ts).
 */

/** Updates between two full-cascade judgements while looking for the step the face was lost at. */
export const DEFAULT_LOST_EVERY = 5;

export interface HeadMatrixRow {
  set: string;
  label: string;
  heads: Head[];
  /** The attacked face (an index into the clean detection). */
  face: number;
  /** The full cascade on the saved 8-bit image no longer finds the face (IoU < 0.5 with its clean box). */
  evaded: boolean;
  /** The first update after which the face was no longer found (1…N); null when it never was lost. */
  lostAt: number | null;
  /** Where the cascade lost it on the final image (null: still found). */
  lostStage: LostStage;
  funnel: Funnel;
  scores: StageScores;
  /** The attack loss at the last step (the sum of the attacked heads' parts). */
  finalLoss: number;
  /** P-Net candidates on the face at the targeted levels, at the start and at the last step. */
  candidates: { start: number; end: number };
  msPerStep: number;
  norms: PerturbationNorms;
  /** Full detections spent on lostAt. */
  judgements: number;
  /** The adversarial image as saved (8-bit), which the verdict was made on. */
  image: RgbaImage;
}

export interface HeadMatrixFace {
  face: number;
  box: Rect;
  /** The stage scores and funnel on the clean image, for comparison. */
  clean: { funnel: Funnel; scores: StageScores };
}

export interface HeadMatrix {
  params: AttackParams;
  lostEvery: number;
  faces: HeadMatrixFace[];
  rows: HeadMatrixRow[];
  /** True when the gate stopped a run: the rows so far are kept (the stopped run's is not). */
  stopped: boolean;
}

export interface HeadMatrixHooks {
  gate?: RunGate;
  onPhase?: (phase: RunPhase) => void;
  /** After each row (e.g. to print or stream it); `done` of `total` rows. */
  onRow?: (row: HeadMatrixRow, done: number, total: number) => void | Promise<void>;
  /** Updates between full-cascade judgements for lostAt (default DEFAULT_LOST_EVERY). */
  lostEvery?: number;
  /** The head sets to run (default all of HEAD_SETS). */
  sets?: readonly HeadSet[];
}

/** The faces a matrix covers: params.face, or every detected face (each attacked on its own) for 'all'. */
export function matrixFaces(photo: Photo, params: AttackParams): number[] {
  const n = photo.detection.faces.length;
  if (n === 0) throw new AttackSetupError('no face was detected in the image, so there is nothing to attack');
  if (params.face === 'all') return Array.from({ length: n }, (_, i) => i);
  if (params.face >= n) throw new AttackSetupError(`face ${params.face} does not exist: ${n} face(s) were detected (0–${n - 1})`);
  return [params.face];
}

/** Runs the matrix: every head set on every chosen face, one attack each, in order. */
export async function headMatrix(weights: MtcnnWeights, photo: Photo, params: AttackParams, options: DetectOptions, hooks: HeadMatrixHooks = {}): Promise<HeadMatrix> {
  const sets = hooks.sets ?? HEAD_SETS;
  const lostEvery = hooks.lostEvery ?? DEFAULT_LOST_EVERY;
  const opts = { ...options, conventions: params.conventions };
  const faceIndices = matrixFaces(photo, params);
  const total = params.method === 'fgsm' ? 1 : params.steps;
  const faces: HeadMatrixFace[] = [];
  for (const face of faceIndices) {
    const box = photo.detection.faces[face]!.box;
    const clean = await diagnoseFace(weights, photo.rgba, photo.detection, box, opts);
    faces.push({ face, box, clean: { funnel: clean.funnel, scores: clean.scores } });
  }
  const rows: HeadMatrixRow[] = [];
  for (const { face, box } of faces) {
    for (const set of sets) {
      const tracker = new LostStepTracker(weights, opts, box, lostEvery, total);
      try {
        const run = await attackAndJudge(weights, photo, { ...params, heads: [...set.heads], face }, options, {
          gate: hooks.gate,
          onPhase: hooks.onPhase,
          onStep: tracker.onStep,
        });
        if (run.stopped) return { params, lostEvery, faces, rows, stopped: true };
        const { verdict } = run;
        const where = await diagnoseFace(weights, verdict.image, verdict.detection, box, opts);
        hooks.gate?.check();
        const count = (i: number) => run.steps.at(i)!.candidates.reduce((a, c) => a + c.count, 0);
        const row: HeadMatrixRow = {
          set: set.id,
          label: set.label,
          heads: [...set.heads],
          face,
          evaded: verdict.faces[0]!.evaded,
          lostAt: tracker.lostAt,
          lostStage: where.lost,
          funnel: where.funnel,
          scores: where.scores,
          finalLoss: run.steps.at(-1)!.loss,
          candidates: { start: count(0), end: count(-1) },
          msPerStep: run.msPerStep,
          norms: verdict.norms,
          judgements: tracker.judgements,
          image: verdict.image,
        };
        rows.push(row);
        await hooks.onRow?.(row, rows.length, faces.length * sets.length);
      } finally {
        tracker.dispose();
      }
    }
  }
  return { params, lostEvery, faces, rows, stopped: false };
}

/** Success per head set over the matrix's faces: evaded / faces, in HEAD_SETS order. */
export function successBySet(m: { rows: readonly Pick<HeadMatrixRow, 'set' | 'label' | 'evaded'>[] }): { set: string; label: string; faces: number; evaded: number; successRate: number }[] {
  const ids = [...new Set(m.rows.map((r) => r.set))];
  return ids.map((id) => {
    const rs = m.rows.filter((r) => r.set === id);
    const evaded = rs.filter((r) => r.evaded).length;
    return { set: id, label: rs[0]!.label, faces: rs.length, evaded, successRate: rs.length ? evaded / rs.length : 0 };
  });
}
