import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { drResults } from './dr-fixture.ts';
import { PALETTE, runColours, variantColour } from './palette.ts';

describe('palette', () => {
  const results = drResults();
  const a = analyze(results);

  it('colours variants by their place in sweep order', () => {
    expect(a.variants.map((v) => variantColour(a, v))).toEqual(PALETTE.slice(0, 4));
  });

  it('starts the palette again after its last colour', () => {
    const many = { ...results, runs: Array.from({ length: PALETTE.length + 2 }, (_, i) => ({ ...results.runs[0]!, variant: `v${i}`, run_id: `r${i}` })) };
    const b = analyze(many);
    expect(b.variants.map((v) => variantColour(b, v))).toEqual([...PALETTE, PALETTE[0], PALETTE[1]]);
  });

  it('gives each run its variant\'s colour', () => {
    const expected = results.runs.map((r) => PALETTE[a.variants.findIndex((v) => v.runs.includes(r))]);
    expect(runColours(a, results.runs)).toEqual(expected);
    expect(new Set(expected).size).toBe(4);
  });

  it('refuses a variant or run from another analysis', () => {
    const other = analyze(drResults());
    expect(() => variantColour(a, other.variants[0]!)).toThrow(/not one of this analysis/);
    expect(() => runColours(a, other.variants[0]!.runs)).toThrow(/not one of this analysis/);
  });
});
