import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_STALE_MS, describeHolder, isStale, runLockPath, type LockHolder } from '@mambabench/durable';
import { CONFIG_FILE, readStoredRun } from './run-store';

/** One line of `mambabench runs`. */
export interface StoreRow {
  store: string;
  key: string;
  run_id: string;
  variant: string;
  seed: number | null;
  /**
   * The record's status; 'running on host:pid' while a live worker holds the run's lock; else
   * 'unfinished' (killed: the next sweep continues it) or 'corrupt'.
   */
  status: string;
  epochs_done: number | null;
  epochs: number | null;
  best_val_acc: number | null;
  test_acc: number | null;
  train_time_s: number | null;
  finished_at: string | null;
}

const KEY = /^[0-9a-f]{16}$/;

/** Every run store (a `runs/` folder of keyed run folders) at or below `dir`, a few levels deep. */
export function findStores(dir: string, depth = 4): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const runs = join(dir, 'runs');
  if (existsSync(runs) && statSync(runs).isDirectory() && readdirSync(runs).some((n) => KEY.test(n))) return [dir];
  if (depth === 0) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => findStores(join(dir, e.name), depth - 1));
}

/** What each run folder of a store holds, read only (a checkpoint cut mid-swap is not repaired here), by run id. */
export function listStore(storeDir: string, base = process.cwd()): StoreRow[] {
  const runsDir = join(storeDir, 'runs');
  return readdirSync(runsDir).filter((n) => KEY.test(n)).sort().map((key) => {
    const dir = join(runsDir, key);
    const config = readJson(join(dir, CONFIG_FILE)) as { run_id?: string; model?: string; seed?: number; train?: { epochs?: number } } | null;
    const stored = readStoredRun(dir);
    const record = stored.kind === 'ended' ? stored.record : null;
    const lastMeta = (readJson(join(dir, 'last', 'manifest.json')) as { meta?: { epochs_done?: number } } | null)?.meta;
    return {
      store: shownPath(storeDir, base),
      key,
      run_id: record?.run_id ?? config?.run_id ?? '?',
      variant: record?.variant ?? config?.model ?? '?',
      seed: record?.seed ?? config?.seed ?? null,
      status: liveHolder(dir) ?? (stored.kind === 'ended' ? stored.record.status : stored.kind === 'corrupt' ? 'corrupt' : 'unfinished'),
      epochs_done: record?.status === 'ok' ? record.curves.length : lastMeta?.epochs_done ?? (record ? record.curves.length : 0),
      epochs: config?.train?.epochs ?? record?.epochs ?? null,
      best_val_acc: record?.best_val_acc ?? null,
      test_acc: record?.test_acc ?? null,
      train_time_s: record?.train_time_s ?? null,
      finished_at: record?.finished_at ?? null,
    };
    // By run id, as a sweep names them (variant, setting, seed), rather than in key order.
  }).sort((a, b) => a.run_id.localeCompare(b.run_id, 'en', { numeric: true }) || a.key.localeCompare(b.key));
}

/** 'running on host:pid' when a live worker holds the run's lock. */
function liveHolder(runDir: string): string | null {
  const holder = readJson(runLockPath(runDir)) as LockHolder | null;
  return holder?.heartbeat && !isStale(holder, DEFAULT_STALE_MS) ? `running on ${describeHolder(holder)}` : null;
}

/** A store's path as the user would type it: relative below `base`, absolute elsewhere. */
function shownPath(dir: string, base: string): string {
  const rel = relative(base, dir);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** The table `mambabench runs` prints. */
export function storeTable(rows: readonly StoreRow[]): string {
  const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(2)}%`);
  const cells = rows.map((r) => [
    r.store, r.run_id, r.variant, r.seed === null ? '-' : String(r.seed), r.status,
    `${r.epochs_done ?? '-'}/${r.epochs ?? '-'}`, pct(r.best_val_acc), pct(r.test_acc),
    r.train_time_s === null ? '-' : `${r.train_time_s.toFixed(0)}s`, r.key,
  ]);
  const head = ['store', 'run', 'variant', 'seed', 'status', 'epochs', 'best val', 'test', 'train', 'key'];
  const right = new Set([3, 5, 6, 7, 8]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (right.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const running = rows.filter((r) => r.status.startsWith('running on ')).length;
  const other = rows.length - count('ok') - count('unfinished') - running;
  return [line(head), ...cells.map(line), '', `${rows.length} run(s): ${count('ok')} finished, ${running} running, ${count('unfinished')} unfinished, ${other} ended otherwise`].join('\n');
}
