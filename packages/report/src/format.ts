import type { Stat } from './stats.ts';

/** Shown where a value is missing (failed run, metric not measured). */
export const MISSING = '—';

export function formatFixed(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** A fraction in [0, 1] as a percentage number without the % sign (the header carries it). */
export function formatPercent(fraction: number, digits = 2): string {
  return (fraction * 100).toFixed(digits);
}

/** Seconds as "12.3 s" when short, otherwise "h:mm:ss", the way training times are usually published. */
export function formatDuration(seconds: number): string {
  if (Math.abs(seconds) < 60) return `${seconds.toFixed(1)} s`;
  const sign = seconds < 0 ? '-' : '';
  const total = Math.round(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Parameter counts as "1.23 M" / "45.6 k", as model tables usually print them. */
export function formatParams(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Multiply-accumulate counts as "1.23 G" / "456 M" (per image, so no unit suffix beyond the prefix). */
export function formatMacs(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** "mean ± std" (or just the mean for a single seed); MISSING when there is no value. */
export function formatStat(stat: Stat | null, fmt: (x: number) => string): string {
  if (!stat) return MISSING;
  return stat.std === null ? fmt(stat.mean) : `${fmt(stat.mean)} ± ${fmt(stat.std)}`;
}

/** An ISO timestamp as "YYYY-MM-DD HH:MM:SS UTC" (fixed zone so the report reads the same everywhere). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A fraction difference in signed percentage points: "−2.33", "+0.25". */
export function formatPp(diff: number): string {
  const pp = diff * 100;
  if (Math.abs(pp) < 0.005) return '0.00';
  return `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(2)}`;
}

export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}
