/**
 * The sweep's remaining time, from throughput measured in this sweep. Work is counted in training
 * steps: each run's steps are known before it starts (epochs x batches per epoch). The rate is
 * seconds per step over every run this sweep has trained or is training: the wall time since each
 * run's process started (start-up, evaluation and checkpoints included, so those are paid for too)
 * divided by the steps it has taken in that process (a resumed run's earlier steps are not). The
 * remaining steps (the active runs' rest and the pending runs' plans) times that rate is the time
 * one run slot needs; the runs share `jobs` slots, and each run's own time already includes the
 * contention of running beside the others, so it is divided by the slots that still have a run to
 * train (never more than the runs left). Runs differ in cost per step, so early on, with one model
 * measured, it is as good as that model is typical; it improves as runs end.
 */
export class SweepEta {
  private readonly planned = new Map<string, number>();
  private readonly active = new Map<string, { startedAt: number; firstPosition: number | null; position: number; total: number; lastAt: number }>();
  /** Seconds and steps of the run processes that have ended. */
  private endedSeconds = 0;
  private endedSteps = 0;

  constructor(private readonly jobs: number) {}

  /** A run still to train, with its planned steps. */
  plan(run: string, steps: number): void {
    this.planned.set(run, steps);
  }

  /** A run's process started (again, after an out-of-memory retry: from its first step). */
  started(run: string, now: number): void {
    const total = this.planned.get(run) ?? this.active.get(run)?.total ?? 0;
    this.ended(run, now);
    this.active.set(run, { startedAt: now, firstPosition: null, position: 0, total, lastAt: now });
    this.planned.delete(run);
  }

  /** A step read: `position` steps of `total` of the run are done (counted over its epochs). */
  stepped(run: string, position: number, total: number, now: number): void {
    const a = this.active.get(run);
    if (!a) return;
    // The first step this process reports was taken by it: its earlier ones came from a checkpoint.
    a.firstPosition ??= position - 1;
    a.position = position;
    a.total = total;
    a.lastAt = now;
  }

  /** A run's process ended (finished, failed, interrupted). */
  ended(run: string, now: number): void {
    const a = this.active.get(run);
    if (a) a.lastAt = now;
    this.closeActive(run);
  }

  /** A run that needs no training here (cached, kept, trained by another worker). */
  skipped(run: string): void {
    this.planned.delete(run);
    this.active.delete(run);
  }

  /** Seconds per step so far, null before any step was measured. */
  secondsPerStep(now: number): number | null {
    let seconds = this.endedSeconds;
    let steps = this.endedSteps;
    for (const a of this.active.values()) {
      if (a.firstPosition === null) continue;
      seconds += (now - a.startedAt) / 1000;
      steps += a.position - a.firstPosition;
    }
    return steps > 0 ? seconds / steps : null;
  }

  /** Seconds until every planned and active run has ended; null while nothing has been measured. */
  remainingSeconds(now: number): number | null {
    const runsLeft = this.active.size + this.planned.size;
    if (runsLeft === 0) return 0;
    const rate = this.secondsPerStep(now);
    if (rate === null) return null;
    let steps = 0;
    for (const a of this.active.values()) steps += Math.max(0, a.total - a.position);
    for (const s of this.planned.values()) steps += s;
    return (steps * rate) / Math.min(this.jobs, runsLeft);
  }

  private closeActive(run: string): void {
    const a = this.active.get(run);
    if (!a) return;
    if (a.firstPosition !== null) {
      this.endedSeconds += (a.lastAt - a.startedAt) / 1000;
      this.endedSteps += a.position - a.firstPosition;
    }
    this.active.delete(run);
  }
}
