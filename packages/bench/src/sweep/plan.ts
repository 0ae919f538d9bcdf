import type { RunAction } from '../store/run-action';

/** What a sweep would do with one run, for `sweep --dry-run`. */
export interface PlannedRun extends RunAction {
  runId: string;
  /** The run's key: its folder in the store (runs/<key>). */
  key: string;
}

/** The dry run's table: one line per run. */
export function planTable(plan: readonly PlannedRun[]): string {
  const w = Math.max('run'.length, ...plan.map((p) => p.runId.length));
  const lines = [`${'run'.padEnd(w)}  key               action    why`, `${'-'.repeat(w)}  ----------------  --------  ---`];
  for (const p of plan) lines.push(`${p.runId.padEnd(w)}  ${p.key}  ${p.action.padEnd(8)}  ${p.why}`);
  const count = (a: RunAction['action']) => plan.filter((p) => p.action === a).length;
  lines.push('', `${plan.length} run(s): ${count('train')} to train, ${count('continue')} to continue, ${count('cached')} cached, ${count('kept')} kept as they ended. Nothing was trained (--dry-run).`);
  return lines.join('\n');
}
