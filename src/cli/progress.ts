/** A one-line progress bar on stderr when it is a terminal; silent when piped. */
export class ProgressBar {
  private readonly enabled = Boolean(process.stderr.isTTY);

  constructor(private readonly label: string, private readonly total: number) {}

  update(done: number, detail = ''): void {
    if (!this.enabled) return;
    const width = 30;
    const filled = Math.round((width * Math.min(done, this.total)) / Math.max(1, this.total));
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${detail}\x1b[K`);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}
