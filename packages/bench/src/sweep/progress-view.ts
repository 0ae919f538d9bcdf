import { createLogUpdate } from 'log-update';
import type { ChildOutput } from '../child-process';
import { progressEventOf } from '../run/progress-events';
import { formatDuration, isStepLine, type StepInfo } from '../run/progress';
import { SweepEta } from './sweep-eta';

/**
 * 'tty': a live block at the bottom of the terminal, one line per active run and one for the
 * sweep, redrawn in place (log-update), with every other line printed above it. 'plain': whole
 * lines only, each of a run's prefixed with its label and run id (logs, CI, Slurm, a pipe).
 */
export type ProgressMode = 'tty' | 'plain';

/**
 * A terminal gets the live block; anything else (a file, a pipe, CI, TERM=dumb, NO_COLOR set and
 * not empty, or a caller that takes the sweep's lines itself) gets plain lines, which stay readable in a log.
 */
export function autoMode(stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv, callerLogs: boolean): ProgressMode {
  const plain = callerLogs || !stdout.isTTY || env.TERM === 'dumb' || !!env.CI || !!env.NO_COLOR;
  return plain ? 'plain' : 'tty';
}

/** A run to train, with the training steps it will take (epochs x batches per epoch). */
export interface PlannedRun { label: string; runId: string; steps: number }

interface ActiveRun { label: string; runId: string; step: StepInfo | null; validAcc: number | null }

export interface SweepProgressOptions {
  mode: ProgressMode;
  /** The sweep's own lines (what runSweep's log was before the view). */
  log: (line: string) => void;
  /** Where plain run lines and the live block go; default process.stdout / process.stderr. */
  stdout?: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  now?: () => number;
}

/**
 * What a sweep shows while it trains. sweep.ts calls it once per event (a line of its own, a run
 * started, cached or kept, a run ended); the run processes' lines and progress events come in
 * through the ChildOutput that runStarted returns. Everything shown comes from those events.
 */
export class SweepProgress {
  private readonly active = new Map<string, ActiveRun>();
  private readonly counts = { total: 0, done: 0, failed: 0, cached: 0, interrupted: 0, elsewhere: 0 };
  private eta = new SweepEta(1);
  private startedAt: number;
  private readonly now: () => number;
  private readonly stdout: NonNullable<SweepProgressOptions['stdout']>;
  private readonly stderr: NodeJS.WritableStream;
  private live: ReturnType<typeof createLogUpdate> | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private renderDue: NodeJS.Timeout | null = null;

  constructor(private readonly options: SweepProgressOptions) {
    this.now = options.now ?? Date.now;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.startedAt = this.now();
  }

  /** Training begins: the runs this sweep will go through, `jobs` at a time. */
  start(runs: PlannedRun[], jobs: number): void {
    this.counts.total = runs.length;
    this.eta = new SweepEta(jobs);
    for (const r of runs) this.eta.plan(r.label, r.steps);
    this.startedAt = this.now();
    if (this.options.mode !== 'tty') return;
    this.live = createLogUpdate(this.stdout);
    // Elapsed time and ETAs move between events too.
    this.ticker = setInterval(() => this.render(), 1000);
    this.ticker.unref();
    this.render();
  }

  /** A line of the sweep's own: above the live block in a terminal. */
  log = (line: string): void => {
    this.above(() => this.options.log(line));
  };

  /** A run's process starts (again, on an out-of-memory retry): where its output goes. */
  runStarted(label: string, runId: string): ChildOutput {
    this.active.set(label, { label, runId, step: null, validAcc: null });
    this.eta.started(label, this.now());
    this.scheduleRender();
    const prefix = `${label} ${runId}`;
    // The run's progress lines carry its label and id already; anything else (a warning of the
    // backend, an error) gets them, so every line in a log says whose it is.
    const prefixed = (line: string) => (line.startsWith(`${prefix} `) || line.startsWith(`${prefix}:`) ? line : `${prefix} | ${line}`);
    return {
      stdoutLine: (line) => {
        // In a terminal the run's live line shows its steps; its other lines go above the block.
        if (this.live && isStepLine(line)) return;
        this.above(() => this.stdout.write(prefixed(line) + '\n'));
      },
      stderrLine: (line) => this.above(() => this.stderr.write(prefixed(line) + '\n')),
      message: (message) => {
        const event = progressEventOf(message);
        const run = this.active.get(label);
        if (!event || !run) return;
        if (event.type === 'step') {
          const { type: _, ...step } = event;
          run.step = step;
          this.eta.stepped(label, (step.epoch - 1) * step.steps + step.step, step.epochs * step.steps, this.now());
        } else {
          run.validAcc = event.validAcc;
        }
        this.scheduleRender();
      },
    };
  }

  /** A run that needs no training here: cached (finished), kept (ended failed), or being trained by another worker. */
  runSkipped(label: string, kind: 'cached' | 'kept' | 'elsewhere'): void {
    this.eta.skipped(label);
    if (kind === 'cached') this.counts.cached += 1;
    if (kind === 'kept') this.counts.failed += 1;
    if (kind === 'elsewhere') this.counts.elsewhere += 1;
    else this.counts.done += 1;
    this.scheduleRender();
  }

  /** A run's process ended with this record status (after any out-of-memory retries). */
  runEnded(label: string, status: string): void {
    this.eta.ended(label, this.now());
    this.active.delete(label);
    if (status === 'interrupted') this.counts.interrupted += 1;
    else this.counts.done += 1;
    if (status !== 'ok' && status !== 'interrupted') this.counts.failed += 1;
    if (this.live) this.scheduleRender();
    else this.options.log(this.sweepLine());
  }

  /** Training is over: the live block gives way to the sweep's last line. */
  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.renderDue) clearTimeout(this.renderDue);
    this.ticker = this.renderDue = null;
    if (!this.live) return;
    this.live.clear();
    this.live.done();
    this.live = null;
    this.options.log(this.sweepLine());
  }

  /** "sweep | 3/7 done, 1 failed, 2 cached | elapsed 1m05s | ETA 4m10s" */
  sweepLine(): string {
    const c = this.counts;
    const now = this.now();
    const eta = this.eta.remainingSeconds(now);
    return `sweep | ${c.done}/${c.total} done, ${c.failed} failed, ${c.cached} cached` +
      (c.interrupted ? `, ${c.interrupted} interrupted` : '') + (c.elsewhere ? `, ${c.elsewhere} trained by other workers` : '') +
      ` | elapsed ${formatDuration((now - this.startedAt) / 1000)} | ETA ${eta === null ? '?' : formatDuration(eta)}`;
  }

  /** The live block: a line per active run, in the order they started, then the sweep's line; each cut to `width`. */
  frame(width: number): string {
    const lines = [...this.active.values()].map((run) => {
      const s = run.step;
      const at = s
        ? `epoch ${s.epoch}/${s.epochs} step ${s.step}/${s.steps} | loss ${s.loss.toFixed(4)} | ${s.imagesPerS.toFixed(1)} img/s | ETA ${formatDuration(s.etaS)}`
        : 'starting';
      return `${run.label} ${run.runId} | ${at}${run.validAcc === null ? '' : ` | valid ${(100 * run.validAcc).toFixed(2)}%`}`;
    });
    lines.push(this.sweepLine());
    // One character short of the width: a line that fills it wraps on some terminals and breaks the redraw.
    return lines.map((l) => (l.length < width ? l : l.slice(0, Math.max(1, width - 1)))).join('\n');
  }

  /** Writes above the live block: take the block away, write, draw it again. */
  private above(write: () => void): void {
    if (!this.live) return write();
    this.live.clear();
    write();
    this.render();
  }

  /** Redraws at most every 100 ms however fast events come. */
  private scheduleRender(): void {
    if (!this.live || this.renderDue) return;
    this.renderDue = setTimeout(() => {
      this.renderDue = null;
      this.render();
    }, 100);
    this.renderDue.unref();
  }

  private render(): void {
    this.live?.(this.frame(this.stdout.columns ?? 80));
  }
}
