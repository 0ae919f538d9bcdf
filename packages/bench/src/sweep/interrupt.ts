import type { ChildProcess } from 'node:child_process';

/**
 * Ctrl-C and SIGTERM for a sweep. The first stops new runs from starting; the runs in progress
 * (whose processes get a terminal's SIGINT themselves, and a SIGTERM sent to the sweep from here)
 * finish their step, checkpoint and exit, and the sweep writes its report. A second one kills
 * the runs' processes and exits at once: their last finished epoch is still on disk.
 */
export class SweepInterrupt {
  requested = false;
  private readonly children = new Set<ChildProcess>();
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(private readonly log: (line: string) => void) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('close', () => this.children.delete(child));
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.requested) {
      this.log(`${signal} again: stopping at once (each run keeps its last finished epoch)`);
      for (const child of this.children) child.kill('SIGKILL');
      process.exit(130);
    }
    this.requested = true;
    this.log(`${signal}: no new runs start; the runs in progress checkpoint and stop (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again stops at once)`);
    // A terminal's Ctrl-C reaches every process of the group; a SIGTERM (kill, a scheduler) may reach only the sweep.
    if (signal === 'SIGTERM') for (const child of this.children) child.kill('SIGTERM');
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
