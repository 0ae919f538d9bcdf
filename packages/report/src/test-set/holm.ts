/**
 * Holm's step-down adjustment of p-values for a family of tests: controls the chance of any
 * false "real difference" on the page at the nominal level, with no assumption about how the
 * tests depend on each other (they share the best model, so they do). Index-aligned with the
 * input; NaN stays NaN and does not count towards the family.
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const idx = ps.map((_, i) => i).filter((i) => Number.isFinite(ps[i]!)).sort((i, j) => ps[i]! - ps[j]!);
  const m = idx.length;
  const out = ps.map(() => Number.NaN);
  let running = 0;
  idx.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * ps[i]!));
    out[i] = running;
  });
  return out;
}
