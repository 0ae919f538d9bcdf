import { describe, expect, it } from 'vitest';
import { chartJsSource, findChartJsBundle } from './chartjs-source.ts';

describe('chartJsSource', () => {
  it('finds the UMD bundle despite the exports map', () => {
    expect(findChartJsBundle()).toMatch(/chart\.umd(\.min)?\.js$/);
  });

  it('returns the bundle, safe to inline in a script element', () => {
    const src = chartJsSource();
    expect(src).toContain('Chart.js v4');
    expect(src.length).toBeGreaterThan(100_000);
    expect(src).not.toMatch(/<\/script/i);
    expect(src).not.toContain('<!--');
  });
});
