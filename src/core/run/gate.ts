/*
 * The pause/step/stop/cancel gate a long run passes between two steps. The run core asks it before
 * every step; transports (the worker, the CLI, tests) drive it from outside.
 */

/** Thrown out of a run that was cancelled: its work is abandoned and its tensors freed. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('the run was cancelled');
  }
}

export type GateAction = 'pause' | 'resume' | 'step' | 'stop' | 'cancel';

export class RunGate {
  private paused = false;
  private stepOnce = false;
  private stopped = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  get isPaused(): boolean {
    return this.paused;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Pause, resume, a single step while paused, stop (finish early, keep the result) or cancel (abandon). */
  act(action: GateAction): void {
    if (action === 'pause') this.paused = true;
    if (action === 'resume') this.paused = false;
    if (action === 'step') this.stepOnce = true;
    if (action === 'stop') this.stopped = true;
    if (action === 'cancel') this.cancelled = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /**
   * Before each step: waits while paused (a single step lets one through), returns false once the
   * run should stop and be judged as it is, and throws CancelledError once it is cancelled.
   */
  async pass(): Promise<boolean> {
    for (;;) {
      if (this.cancelled) throw new CancelledError();
      if (this.stopped) return false;
      if (!this.paused) return true;
      if (this.stepOnce) {
        this.stepOnce = false;
        return true;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Throws CancelledError if the run was cancelled (for points between phases). */
  check(): void {
    if (this.cancelled) throw new CancelledError();
  }
}
