import type { MetricStat, VariantAnalysis } from './variant-analysis.ts';
import { bootstrapDiffCi, bootstrapMeanCi } from './bootstrap.ts';
import { pairedTTest, welchTTest, type DifferenceTest } from './t-tests.ts';

export type PrimaryMetric = 'test_acc' | 'best_val_acc';

/** One variant against the best one on the primary metric. */
export interface ComparisonRow {
  /** Index into Analysis.variants. */
  index: number;
  isBest: boolean;
  n: number;
  nBest: number;
  mean: number;
  /** mean(this) - mean(best), as a fraction (≤ 0 by construction). */
  diff: number;
  /** 'paired' when both have the same seeds (differences taken seed by seed); null for the best row. */
  pairing: 'paired' | 'unpaired' | null;
  /** Paired t-test, or Welch's test when unpaired; null when an interval is impossible. */
  test: DifferenceTest | null;
  /** test.p after Holm's adjustment across every p-value on the page; null without a test. */
  pAdjusted: number | null;
  /** Percentile bootstrap of the same difference (no normality assumption). */
  bootstrap: [number, number] | null;
  /** Why there is no interval, e.g. "1 seed: no interval"; null when there is one. */
  noInterval: string | null;
}

export interface Comparisons {
  metric: PrimaryMetric;
  /** Why this metric: shown next to the comparison. */
  reason: string;
  bestIndex: number;
  /** Highest mean first; only variants with at least one successful seed. */
  rows: ComparisonRow[];
}

/**
 * Test accuracy when every successful run has one: it was measured once on data nobody chose
 * anything on. Otherwise best validation accuracy, which is optimistic because the epoch was
 * selected on it, but is the only number every run has.
 */
export function primaryMetric(variants: readonly VariantAnalysis[]): { metric: PrimaryMetric; reason: string } {
  const ok = variants.flatMap((v) => v.ok);
  const everyTest = ok.length > 0 && ok.every((r) => typeof r.test_acc === 'number' && Number.isFinite(r.test_acc));
  return everyTest
    ? { metric: 'test_acc', reason: 'test accuracy at the best-validation epoch, because every run has a test split (validation accuracy picked the epoch, so it is biased upwards)' }
    : { metric: 'best_val_acc', reason: 'best validation accuracy, because not every run has a test split (it is biased upwards: the epoch was selected on it)' };
}

/** Seed → value when the seeds are distinct; null when a seed repeats (then runs cannot be paired by seed). */
function bySeed(stat: MetricStat): Map<number, number> | null {
  const m = new Map(stat.seeds.map((s, i) => [s, stat.values[i]!] as const));
  return m.size === stat.seeds.length ? m : null;
}

function sameSeeds(a: Map<number, number> | null, b: Map<number, number> | null): boolean {
  return !!a && !!b && a.size === b.size && [...a.keys()].every((s) => b.has(s));
}

function compareOne(index: number, stat: MetricStat, best: MetricStat): Omit<ComparisonRow, 'isBest'> {
  const base = { index, n: stat.n, nBest: best.n, mean: stat.mean, diff: stat.mean - best.mean };
  const mine = bySeed(stat);
  const theirs = bySeed(best);
  if (sameSeeds(mine, theirs) && stat.n >= 2) {
    const seeds = [...mine!.keys()];
    const a = seeds.map((s) => mine!.get(s)!);
    const b = seeds.map((s) => theirs!.get(s)!);
    const test = pairedTTest(a, b);
    if (!test) return { ...base, pairing: 'paired', test: null, pAdjusted: null, bootstrap: null, noInterval: `identical difference in all ${stat.n} seeds: no spread to test against` };
    return { ...base, pairing: 'paired', test, pAdjusted: test.p, bootstrap: bootstrapMeanCi(a.map((x, i) => x - b[i]!)), noInterval: null };
  }
  const paired = sameSeeds(mine, theirs);
  const pairing = paired ? 'paired' : 'unpaired';
  if (stat.n < 2 || best.n < 2) {
    const noInterval = stat.n < 2 && best.n < 2 ? '1 seed: no interval'
      : stat.n < 2 ? '1 seed of this variant: no interval' : '1 seed of the best variant: no interval';
    return { ...base, pairing, test: null, pAdjusted: null, bootstrap: null, noInterval };
  }
  const welch = welchTTest(stat.values, best.values);
  if (!welch) return { ...base, pairing, test: null, pAdjusted: null, bootstrap: null, noInterval: 'no seed-to-seed spread in either variant: nothing to test against' };
  return { ...base, pairing, test: welch, pAdjusted: welch.p, bootstrap: bootstrapDiffCi(stat.values, best.values), noInterval: null };
}

/**
 * Every variant against the best one on the primary metric: the difference, with a paired
 * t interval and p-value when both ran the same seeds, Welch's otherwise (flagged
 * "unpaired"), plus a bootstrap interval; with one seed, the difference alone.
 */
export function compareToBest(variants: readonly VariantAnalysis[]): Comparisons | null {
  const { metric, reason } = primaryMetric(variants);
  const scored = variants.map((v, index) => ({ index, stat: v.stats[metric] })).filter((x): x is { index: number; stat: MetricStat } => x.stat !== null);
  if (scored.length === 0) return null;
  scored.sort((x, y) => y.stat.mean - x.stat.mean || x.index - y.index);
  const best = scored[0]!;
  const rows = scored.map(({ index, stat }): ComparisonRow => index === best.index
    ? { index, isBest: true, n: stat.n, nBest: stat.n, mean: stat.mean, diff: 0, pairing: null, test: null, pAdjusted: null, bootstrap: null, noInterval: null }
    : { ...compareOne(index, stat, best.stat), isBest: false });
  return { metric, reason, bestIndex: best.index, rows };
}
