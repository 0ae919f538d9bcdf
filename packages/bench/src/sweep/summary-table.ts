import { settingOf, type RunRecord } from '@mambabench/report';

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(2)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));

/**
 * The plain-text table the sweep prints when it finishes; a setting column when a grid varies
 * something (else two runs of a variant would look alike), a GPU MiB column when a run had a GPU.
 */
export function summaryTable(runs: RunRecord[]): string {
  const gpu = runs.some((r) => r.gpu_memory_mb != null);
  const grid = runs.some((r) => settingOf(r) !== '');
  const header = ['variant', ...(grid ? ['setting'] : []), 'seed', 'params', 'best val', 'epoch', 'test', 'train s', 'img/s', 'peak MB', ...(gpu ? ['GPU MiB'] : []), 'status'];
  const rows = runs.map((r) => [
    r.variant, ...(grid ? [settingOf(r) || '-'] : []), String(r.seed), r.params ? r.params.toLocaleString('en-US') : '-', pct(r.best_val_acc),
    r.best_epoch === null ? '-' : String(r.best_epoch), pct(r.test_acc), num(r.train_time_s), num(r.images_per_s),
    num(r.peak_tensor_mb, 0), ...(gpu ? [num(r.gpu_memory_mb ?? null, 0)] : []), r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const leftAligned = grid ? 2 : 1; // the names
  const fmt = (cells: string[]) => cells.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
