import { CancelledError, RunGate, type GateAction } from './gate';

/*
 * One job at a time. Each job has an id, a kind and its own gate; a queued job that is cancelled
 * never starts, a running one is cancelled at its next step. Because jobs never overlap, no job can
 * free what another one is using.
 */

export const JOB_KINDS = ['detect', 'attack', 'prune', 'compare', 'release', 'warm', 'sweep', 'heads', 'check'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

interface QueuedJob {
  id: number;
  kind: JobKind;
  gate: RunGate;
  work: (gate: RunGate) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class JobQueue {
  private waiting: QueuedJob[] = [];
  private current: QueuedJob | null = null;

  /** `onIdle` is called whenever the last job has finished and nothing waits. */
  constructor(private readonly onIdle: () => void = () => {}) {}

  get running(): { id: number; kind: JobKind } | null {
    return this.current && { id: this.current.id, kind: this.current.kind };
  }

  get pending(): { id: number; kind: JobKind }[] {
    return this.waiting.map(({ id, kind }) => ({ id, kind }));
  }

  submit<T>(id: number, kind: JobKind, work: (gate: RunGate) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ id, kind, gate: new RunGate(), work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.current) void this.next();
    });
  }

  /** Pause, resume, step or stop the job `id` (running or waiting); cancel removes or abandons it. */
  control(id: number, action: GateAction): void {
    if (action === 'cancel') return this.cancel((j) => j.id === id);
    const job = this.current?.id === id ? this.current : this.waiting.find((j) => j.id === id);
    job?.gate.act(action);
  }

  /** Cancels every job, running and waiting (optionally only those `which` selects). */
  cancel(which: (job: { id: number; kind: JobKind }) => boolean = () => true): void {
    const dropped = this.waiting.filter(which);
    this.waiting = this.waiting.filter((j) => !which(j));
    for (const j of dropped) j.reject(new CancelledError());
    if (this.current && which(this.current)) this.current.gate.act('cancel');
  }

  private async next(): Promise<void> {
    const job = this.waiting.shift();
    if (!job) {
      this.current = null;
      this.onIdle();
      return;
    }
    this.current = job;
    try {
      job.gate.check();
      job.resolve(await job.work(job.gate));
    } catch (err) {
      job.reject(err);
    }
    await this.next();
  }
}
