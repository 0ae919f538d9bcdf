import { describe, expect, it } from 'vitest';
import { SweepEta } from './sweep-eta';

describe('SweepEta', () => {
  it('knows nothing before a step is measured', () => {
    const eta = new SweepEta(2);
    eta.plan('a', 10);
    eta.started('a', 0);
    expect(eta.remainingSeconds(5000)).toBeNull();
  });

  it('one job: remaining steps times the measured seconds per step', () => {
    const eta = new SweepEta(1);
    eta.plan('a', 10);
    eta.plan('b', 20);
    eta.plan('c', 5);
    eta.started('a', 0);
    eta.stepped('a', 1, 10, 2000);
    eta.stepped('a', 4, 10, 8000);
    // a: 8 s for its 4 steps = 2 s/step; left: 6 of a + 20 of b + 5 of c = 31 steps -> 62 s
    expect(eta.secondsPerStep(8000)).toBe(2);
    expect(eta.remainingSeconds(8000)).toBe(62);
    eta.stepped('a', 10, 10, 20_000);
    eta.ended('a', 24_000); // 24 s for 10 steps (evaluation included): 2.4 s/step
    eta.skipped('c'); // cached
    expect(eta.remainingSeconds(24_000)).toBeCloseTo(20 * 2.4);
  });

  it('two jobs: pooled rate over ended and active runs, divided across the slots with a run left', () => {
    const eta = new SweepEta(2);
    for (const r of ['a', 'b', 'c']) eta.plan(r, 10);
    eta.started('a', 0);
    eta.started('b', 0);
    eta.stepped('a', 1, 10, 2000); // each process reports its first step first
    eta.stepped('b', 1, 10, 5000);
    eta.stepped('a', 5, 10, 10_000);
    eta.stepped('b', 2, 10, 10_000);
    // (10 + 10) s / (5 + 2) steps; left 5 + 8 + 10 = 23 steps on 2 slots
    expect(eta.remainingSeconds(10_000)).toBeCloseTo((23 * 20) / 7 / 2);
    eta.stepped('a', 10, 10, 18_000);
    eta.ended('a', 20_000); // a: 20 s for 10 steps
    eta.stepped('b', 10, 10, 19_000);
    eta.ended('b', 20_000); // b: 20 s for 10 steps
    eta.started('c', 20_000);
    eta.stepped('c', 1, 10, 22_000);
    // (20 + 20 + 2) s / (10 + 10 + 1) steps = 2 s/step; 9 steps left, one run: one slot
    expect(eta.remainingSeconds(22_000)).toBeCloseTo(18);
  });

  it("a resumed run's steps from its checkpoint do not count as measured", () => {
    const eta = new SweepEta(1);
    eta.plan('a', 100);
    eta.started('a', 0);
    eta.stepped('a', 61, 100, 3000); // the first step of this process is step 61
    eta.stepped('a', 70, 100, 30_000); // 10 steps taken here in 30 s
    expect(eta.secondsPerStep(30_000)).toBe(3);
    expect(eta.remainingSeconds(30_000)).toBe(90);
  });

  it('an out-of-memory retry starts the run over and keeps the first attempt as measured', () => {
    const eta = new SweepEta(1);
    eta.plan('a', 10);
    eta.started('a', 0);
    eta.stepped('a', 1, 10, 2000);
    eta.stepped('a', 2, 10, 4000);
    eta.started('a', 6000); // 6 s for 2 steps
    eta.stepped('a', 1, 10, 9000); // 3 s for 1 step: 9 s / 3 steps
    expect(eta.remainingSeconds(9000)).toBe(27);
  });
});
