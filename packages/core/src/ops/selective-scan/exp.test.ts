import { describe, expect, it } from 'vitest';
import { Rng } from '@mambabench/random';
import { expNonPositive } from './exp';

describe('expNonPositive', () => {
  it('agrees with Math.exp to ~1e-13 relative over [-745, 0]', () => {
    const rng = new Rng(7);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      // Squared draw: dense near 0, where the scan's decay arguments mostly live.
      const q = rng.float();
      const x = -q * q * 745;
      const e = Math.exp(x);
      if (e > 1e-300) worst = Math.max(worst, Math.abs(expNonPositive(x) - e) / e);
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('is exact at 0 and tabulated points, and underflows to 0 like Math.exp', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-Math.LN2)).toBeCloseTo(0.5, 15);
    expect(expNonPositive(-745.3)).toBe(0);
    expect(expNonPositive(-1e6)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(-700) / Math.exp(-700)).toBeCloseTo(1, 12);
  });

  it('propagates NaN and returns NaN (never a huge value) for a positive argument', () => {
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(1)).toBeNaN();
    expect(expNonPositive(100)).toBeNaN();
  });
});
