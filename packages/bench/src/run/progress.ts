import { sendToParent, type ProgressEvent } from './progress-events';

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

/**
 * Whether a line is one of step()'s: a sweep's live view shows those numbers in its own line per
 * run (from the events), so in a terminal it prints the run's other lines only.
 */
export function isStepLine(line: string): boolean {
  return / \| epoch \d+\/\d+ step \d+\/\d+ \| loss /.test(line);
}

export type StepInfo = Omit<Extract<ProgressEvent, { type: 'step' }>, 'type'>;

/**
 * The run's progress: a line at most every `intervalMs` (for a terminal and logs) and an event for
 * every step read (for a sweep's live view, which shows them as they come; see progress-events.ts).
 */
export class ProgressReporter {
  private lastPrint = 0;

  constructor(
    private readonly label: string,
    private readonly write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
    private readonly intervalMs = 5000,
    private readonly emit: (event: ProgressEvent) => void = sendToParent,
  ) {}

  step(info: StepInfo, force = false) {
    this.emit({ type: 'step', ...info });
    const now = Date.now();
    if (!force && now - this.lastPrint < this.intervalMs) return;
    this.lastPrint = now;
    this.write(
      `${this.label} | epoch ${info.epoch}/${info.epochs} step ${info.step}/${info.steps}` +
        ` | loss ${info.loss.toFixed(4)} | ${info.imagesPerS.toFixed(1)} img/s | ETA ${formatDuration(info.etaS)}`,
    );
  }

  /** An event without a line of its own (the caller prints the epoch's line). */
  event(event: ProgressEvent) {
    this.emit(event);
  }

  line(text: string) {
    this.write(`${this.label} | ${text}`);
  }
}
