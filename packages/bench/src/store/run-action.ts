import { runStatusText } from '@mambabench/report';
import type { StoredRun } from './run-store';

/** How a sweep treats the runs the store already holds (flags of `sweep`). */
export interface StorePolicy {
  /** Retrain every selected run from scratch (--force). */
  force?: boolean;
  /** Redo runs that ended failed, diverged or out of memory (--retry-failed). */
  retryFailed?: boolean;
}

/**
 * What a sweep does with one run, given what the store holds:
 * - cached: finished with this configuration; reused as it is.
 * - kept: ended without finishing (failed, diverged, out of memory); shown as such until --retry-failed.
 * - continue: started or interrupted; the run goes on from its last checkpoint.
 * - train: nothing usable in the store (or --force, --retry-failed, a corrupt file): from scratch.
 */
export interface RunAction {
  action: 'cached' | 'kept' | 'continue' | 'train';
  /** Empty the run's folder first. */
  clear: boolean;
  why: string;
}

export function runAction(stored: StoredRun, policy: StorePolicy): RunAction {
  if (stored.kind === 'absent') return { action: 'train', clear: false, why: 'not in the store' };
  if (policy.force) return { action: 'train', clear: true, why: 'retrained from scratch (--force)' };
  if (stored.kind === 'corrupt') return { action: 'train', clear: true, why: `retrained from scratch: ${stored.why}` };
  if (stored.kind === 'started') return { action: 'continue', clear: false, why: 'started earlier, not finished: continues from its last checkpoint' };
  const { error } = stored.record;
  const status: string = stored.record.status; // 'ok', 'failed', and the reasons a run can end early
  if (status === 'ok') return { action: 'cached', clear: false, why: 'finished earlier with this configuration' };
  if (status === 'interrupted') return { action: 'continue', clear: false, why: 'interrupted earlier: continues from its last checkpoint' };
  const reason = `${runStatusText(stored.record)}${error ? `: ${firstLine(error)}` : ''}`;
  return policy.retryFailed
    ? { action: 'train', clear: true, why: `ended ${reason}; retrained from scratch (--retry-failed)` }
    : { action: 'kept', clear: false, why: `ended ${reason} (--retry-failed redoes it)` };
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
};
