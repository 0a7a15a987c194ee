/*
 * The progress line of a batch run on stderr, when it is a terminal: images done, attacks done,
 * time per attack and the time left. The total number of attacks is not known in advance (each
 * image's faces are found as it is read), so the estimate uses the mean number of attacks per
 * image so far for the images still to come.
 */

/** 75 s → "1m15s", 3725 s → "1h02m", 8 s → "8s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Seconds left: the time per attack so far times the attacks left in the current image plus, for
 * each image still to come, the mean attacks per image seen so far. NaN before the first attack.
 */
export function estimateSecondsLeft(p: { elapsedMs: number; attacksDone: number; attacksLeftInImage: number; imagesLeft: number; attacksPerImage: number }): number {
  if (p.attacksDone === 0) return NaN;
  const perAttack = p.elapsedMs / 1000 / p.attacksDone;
  return perAttack * (p.attacksLeftInImage + p.imagesLeft * p.attacksPerImage);
}

export class BatchProgress {
  private readonly enabled = Boolean(process.stderr.isTTY);
  private readonly started = performance.now();
  private imagesDone = 0;
  private attacksDone = 0;
  private plannedAttacks = 0;
  private plannedImages = 0;
  private leftInImage = 0;
  private inImage = 0;

  constructor(private readonly label: string, private readonly images: number) {}

  /** An image starts with this many attacks to run. */
  startImage(attacks: number): void {
    this.plannedAttacks += attacks;
    this.plannedImages++;
    this.leftInImage = attacks;
    this.inImage = attacks;
    this.render();
  }

  attackDone(detail: string): void {
    this.attacksDone++;
    this.leftInImage = Math.max(0, this.leftInImage - 1);
    this.render(detail);
  }

  /** An image finished or was skipped (read error, no face, already done). */
  imageDone(): void {
    this.imagesDone++;
    this.leftInImage = 0;
    this.inImage = 0;
    this.render();
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }

  private render(detail = ''): void {
    if (!this.enabled) return;
    const width = 24;
    const partial = this.inImage ? (this.inImage - this.leftInImage) / this.inImage : 0;
    const frac = Math.min(1, (this.imagesDone + partial) / Math.max(1, this.images));
    const filled = Math.round(width * frac);
    const elapsedMs = performance.now() - this.started;
    const left = estimateSecondsLeft({
      elapsedMs,
      attacksDone: this.attacksDone,
      attacksLeftInImage: this.leftInImage,
      imagesLeft: Math.max(0, this.images - this.imagesDone - (this.inImage ? 1 : 0)),
      attacksPerImage: this.plannedImages ? this.plannedAttacks / this.plannedImages : 0,
    });
    const each = this.attacksDone ? ` · ${(elapsedMs / 1000 / this.attacksDone).toFixed(1)} s each` : '';
    process.stderr.write(
      `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.imagesDone}/${this.images} images · ${this.attacksDone} attacks${each} · ETA ${formatDuration(left)} ${detail}\x1b[K`,
    );
  }
}
