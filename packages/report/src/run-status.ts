import type { RunRecord, RunStatus } from './run-record.ts';

const WORDS: Record<RunStatus, string> = {
  ok: 'ok', failed: 'failed', diverged: 'diverged', oom: 'out of memory', interrupted: 'interrupted',
};

/** The status in words: 'out of memory' for 'oom'. */
export function runStatusWord(status: RunStatus): string {
  return WORDS[status] ?? String(status);
}

/** A run's status in words, with where it stopped when it diverged or was interrupted. */
export function runStatusText(run: Pick<RunRecord, 'status' | 'stopped_at'>): string {
  const word = WORDS[run.status] ?? String(run.status);
  return run.stopped_at && (run.status === 'diverged' || run.status === 'interrupted')
    ? `${word} at epoch ${run.stopped_at.epoch}, step ${run.stopped_at.step}` : word;
}

/** One line on why a run that did not finish ended: "out of memory: Aborted(OOM)". */
export function runEndedLine(run: Pick<RunRecord, 'status' | 'stopped_at' | 'error'>): string {
  return run.error ? `${WORDS[run.status] ?? run.status}: ${run.error}` : runStatusText(run);
}
