import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../chart-spec.ts';
import { subtitleLines, toChartConfig, type KitDataset } from './chart-kit.ts';

const spec: ChartSpec = {
  id: 'x', title: 'T', subtitle: 'S', type: 'line', x: { title: 'epoch' }, y: { title: 'loss', min: 0 },
  datasets: [
    { label: 'low', colour: '#4e79a7', data: [{ x: 1, y: 0.1 }], noLegend: true, alpha: 0 },
    { label: 'high', colour: '#4e79a7', data: [{ x: 1, y: 0.3 }], fillToPrevious: true, alpha: 0.15, noLegend: true },
    { label: 'mean', colour: '#4e79a7', data: [{ x: 1, y: 0.2 }], dashed: true },
  ],
};

describe('chart kit', () => {
  it('turns a spec into a Chart.js config', () => {
    const cfg = toChartConfig(spec);
    expect(cfg.type).toBe('line');
    expect(cfg.options.animation).toBe(false);
    expect(cfg.options.responsive).toBe(true);
    expect(cfg.options.scales.y.min).toBe(0);
    expect(cfg.options.plugins.title.text).toBe('T');
    const [low, high, mean] = cfg.data.datasets as [KitDataset, KitDataset, KitDataset];
    expect(high.fill).toBe(0); // fill down to the dataset before it
    expect(mean.borderDash).toEqual([6, 4]);
    expect(mean.borderColor).toBe('#4e79a7');
    const filter = cfg.options.plugins.legend.labels.filter;
    expect([0, 1, 2].filter((i) => filter({ datasetIndex: i }, cfg.data))).toEqual([2]);
    expect(low.mbNoLegend).toBe(true);
    expect(cfg.plugins.map((p) => p.id)).toEqual(['mbBackground', 'mbPointLabels', 'mbErrorBars']);
  });

  it('renders statically for PNGs: fixed size, pixel ratio 1, white background', () => {
    const cfg = toChartConfig(spec, { static: true });
    expect(cfg.options.responsive).toBe(false);
    expect(cfg.options.devicePixelRatio).toBe(1);
    expect(cfg.options.plugins.mbBackground.colour).toBe('#ffffff');
  });

  it('puts long subtitles on lines of whole sentences, short ones on one line', () => {
    expect(subtitleLines('Short. Note.')).toBe('Short. Note.');
    const a = `${'a'.repeat(80)}.`;
    const b = `${'b'.repeat(80)}.`;
    expect(subtitleLines(`${a} ${b} Tail.`)).toEqual([a, `${b} Tail.`]);
    expect(toChartConfig({ ...spec, subtitle: `${a} ${b}` }).options.plugins.subtitle.text).toEqual([a, b]);
  });
});
