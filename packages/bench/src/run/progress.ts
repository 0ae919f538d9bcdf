/** Human-readable progress lines: run i/n, epoch, step, loss, images/s, ETA. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export class ProgressReporter {
  private lastPrint = 0;

  constructor(
    private readonly label: string,
    private readonly write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
    private readonly intervalMs = 5000,
  ) {}

  step(info: { epoch: number; epochs: number; step: number; steps: number; loss: number; imagesPerS: number; etaS: number }, force = false) {
    const now = Date.now();
    if (!force && now - this.lastPrint < this.intervalMs) return;
    this.lastPrint = now;
    this.write(
      `${this.label} | epoch ${info.epoch}/${info.epochs} step ${info.step}/${info.steps}` +
        ` | loss ${info.loss.toFixed(4)} | ${info.imagesPerS.toFixed(1)} img/s | ETA ${formatDuration(info.etaS)}`,
    );
  }

  line(text: string) {
    this.write(`${this.label} | ${text}`);
  }
}
