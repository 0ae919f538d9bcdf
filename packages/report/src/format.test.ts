import { describe, expect, it } from 'vitest';
import {
  MISSING, formatDuration, formatMacs, formatParams, formatPercent, formatStat, formatTimestamp,
} from './format.ts';

describe('format', () => {
  it('formats accuracies as percentages', () => {
    expect(formatPercent(0.85123)).toBe('85.12');
    expect(formatPercent(1, 1)).toBe('100.0');
  });

  it('formats durations as seconds or h:mm:ss', () => {
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(59.96)).toBe('60.0 s');
    expect(formatDuration(61)).toBe('0:01:01');
    expect(formatDuration(3 * 3600 + 5 * 60 + 9.4)).toBe('3:05:09');
  });

  it('formats MAC counts with SI prefixes', () => {
    expect(formatMacs(1_234_000_000)).toBe('1.23 G');
    expect(formatMacs(456_700_000)).toBe('456.7 M');
    expect(formatMacs(999)).toBe('999');
  });

  it('formats parameter counts compactly', () => {
    expect(formatParams(950)).toBe('950');
    expect(formatParams(45_600)).toBe('45.6 k');
    expect(formatParams(12_345_678)).toBe('12.35 M');
  });

  it('formats stats as mean ± std', () => {
    const f = (x: number) => x.toFixed(1);
    expect(formatStat({ mean: 1, std: 0.25, n: 2 }, f)).toBe('1.0 ± 0.3');
    expect(formatStat({ mean: 1, std: null, n: 1 }, f)).toBe('1.0');
    expect(formatStat(null, f)).toBe(MISSING);
  });

  it('formats timestamps in UTC and passes through garbage', () => {
    expect(formatTimestamp('2025-03-04T05:06:07.890+02:00')).toBe('2025-03-04 03:06:07 UTC');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});
