import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import type { ChartSpec, PointSpec } from './chart-spec.ts';
import { GPU_MEMORY_AXIS, MAX_SERIES, accuracyVsMemory, chartSpecs, meanCurve, paretoFront } from './chart-specs.ts';
import { drResults } from './dr-fixture.ts';
import { fakeResults } from './test-fixture.ts';

describe('paretoFront', () => {
  it('keeps points that nothing cheaper beats, in increasing cost', () => {
    const pts = [{ x: 1, y: 90 }, { x: 2, y: 85 }, { x: 3, y: 95 }, { x: 3, y: 93 }, { x: 5, y: 94 }, { x: 6, y: 97 }];
    expect(paretoFront(pts)).toEqual([{ x: 1, y: 90 }, { x: 3, y: 95 }, { x: 6, y: 97 }]);
    expect(paretoFront([])).toEqual([]);
  });
});

describe('meanCurve', () => {
  it('averages by epoch number and skips diverged (null) epochs', () => {
    const runs = drResults({ seeds: [1, 2], withFailure: false }).runs.slice(0, 2);
    runs[1] = { ...runs[1]!, curves: runs[1]!.curves.map((e) => (e.epoch === 3 ? { ...e, val_loss: null as unknown as number } : e)) };
    const curve = meanCurve(runs, 'val_loss', 1);
    expect(curve).toHaveLength(20);
    expect(curve[0]!.mean).toBeCloseTo((runs[0]!.curves[0]!.val_loss + runs[1]!.curves[0]!.val_loss) / 2, 12);
    expect(curve[2]!.mean).toBe(runs[0]!.curves[2]!.val_loss);
    expect(curve[2]!.std).toBeNull();
  });
});

describe('chartSpecs', () => {
  const specs = chartSpecs(analyze(drResults()));

  it('builds every chart for a sweep with predictions', () => {
    expect(specs.clinical.map((s) => s.id)).toEqual(['metrics-bars', 'roc']);
    expect(specs.cost.map((s) => s.id)).toEqual(['accuracy-vs-time', 'accuracy-vs-memory']);
    expect(specs.training.map((s) => s.id)).toEqual(['learning-loss', 'learning-accuracy']);
  });

  it('draws the Pareto front through the cheap and the accurate model', () => {
    const time = specs.cost[0]!;
    const front = time.datasets.find((d) => d.label === 'Pareto front')!;
    expect(front.stepped).toBe(true);
    const ys = (front.data as PointSpec[]).map((p) => p.y);
    expect(ys).toEqual([...ys].sort((a, b) => a! - b!));
    expect(time.x.title).toBe('training time (h)');
    expect(specs.cost[1]!.x.title).toBe('peak tensor memory (GB)');
  });

  it('puts 95% CI whiskers on the bars and states where the axis starts', () => {
    const bars = specs.clinical[0]!;
    expect(bars.categories![0]).toBe('Test acc');
    expect(bars.datasets).toHaveLength(3);
    expect(bars.datasets[0]!.errorBars!.every((e) => e === null || e[0] <= e[1])).toBe(true);
    expect(bars.subtitle).toMatch(/axis starts at \d+/);
  });

  it('caps series at MAX_SERIES with hundreds of variants, and says so', () => {
    const base = drResults();
    const runs = Array.from({ length: 20 }, (_, i) => base.runs.map((r) => ({ ...r, variant: `${r.variant}-${i}` }))).flat();
    const big = chartSpecs(analyze({ ...base, runs }));
    expect(big.clinical[0]!.datasets).toHaveLength(MAX_SERIES);
    expect(big.clinical[0]!.subtitle).toContain(`Top ${MAX_SERIES} of 80`);
    expect(big.clinical[1]!.datasets).toHaveLength(MAX_SERIES + 1); // + chance line
  });

  it('leaves out the clinical charts without predictions', () => {
    const plain = chartSpecs(analyze(fakeResults()));
    expect(plain.clinical.map((s) => s.id)).toEqual(['metrics-bars']);
    expect(plain.clinical[0]!.categories).toEqual(['Test acc']);
  });
});

describe('accuracyVsMemory', () => {
  const xs = (spec: ChartSpec) => spec.datasets.filter((d) => d.pointRadius === 6).map((d) => [d.label, (d.data as PointSpec[])[0]!.x]);

  it('charts GPU memory in MiB when the runs have it, never the tensor peak', () => {
    const results = drResults({ webgpu: true });
    const a = analyze(results);
    const charts = accuracyVsMemory(a);
    expect(charts.map((c) => c.id)).toEqual(['accuracy-vs-gpu-memory']);
    expect(charts[0]!.x.title).toBe(GPU_MEMORY_AXIS);
    expect(charts[0]!.x.title).toBe('peak GPU memory (MiB, webgpu buffer manager)');
    expect(xs(charts[0]!)).toEqual(a.variants.filter((v) => v.stats.gpu_memory_mb).map((v) => [v.label, v.stats.gpu_memory_mb!.mean]));
    const seeds = charts[0]!.datasets.find((d) => d.label === 'nnmamba3-scaled seeds')!.data as PointSpec[];
    expect(seeds.map((p) => p.x)).toEqual(results.runs.slice(0, 3).map((r) => r.gpu_memory_mb));
  });

  it('charts peak tensor memory without GPU memory, labelled so', () => {
    const charts = accuracyVsMemory(analyze(drResults()));
    expect(charts.map((c) => [c.id, c.title, c.x.title])).toEqual([['accuracy-vs-memory', 'Accuracy vs peak tensor memory', 'peak tensor memory (GB)']]);
  });

  it('keeps GPU and CPU runs on separate charts when a report has both, and says so', () => {
    const gpu = drResults({ webgpu: true, withFailure: false });
    const cpu = drResults({ withFailure: false });
    // nnMamba on webgpu, the other two families on a CPU backend.
    const runs = [...gpu.runs.filter((r) => r.model === 'nnMamba'), ...cpu.runs.filter((r) => r.model !== 'nnMamba').map((r) => ({ ...r, backend: 'wasm' }))];
    const charts = accuracyVsMemory(analyze({ ...gpu, runs }));
    expect(charts.map((c) => c.id)).toEqual(['accuracy-vs-gpu-memory', 'accuracy-vs-memory']);
    const [onGpu, onCpu] = charts as [ChartSpec, ChartSpec];
    expect(xs(onGpu).map(([label]) => label)).toEqual(['nnmamba3-scaled']);
    expect(xs(onCpu).map(([label]) => label)).toEqual(['medmamba-t', 'vmamba-t']);
    expect(onCpu.title).toBe('Accuracy vs peak tensor memory (CPU backends)');
    expect(onCpu.subtitle).toContain('CPU backends only: peak tensor memory is not GPU memory, so the webgpu runs are in "Accuracy vs peak GPU memory".');
    expect(onGpu.subtitle).toContain('CPU-backend runs are in "Accuracy vs peak tensor memory (CPU backends)".');
    expect(chartSpecs(analyze({ ...gpu, runs })).cost.map((c) => c.id)).toEqual(['accuracy-vs-time', 'accuracy-vs-gpu-memory', 'accuracy-vs-memory']);
  });
});
