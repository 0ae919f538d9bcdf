import { describe, expect, it } from 'vitest';
import { MISSING } from './format.ts';
import { PALETTE } from './palette.ts';
import { TABLE_COLUMNS, buildSummary } from './summary.ts';
import { drResults } from './dr-fixture.ts';
import { fakeResults, fakeResultsWithEndedRuns } from './test-fixture.ts';

const col = (key: string) => TABLE_COLUMNS.findIndex((c) => c.key === key);

describe('buildSummary', () => {
  const results = fakeResults();
  const summary = buildSummary(results);

  it('has one row per variant in sweep order', () => {
    expect(summary.rows.map((r) => r.variant)).toEqual(['nnmamba3-scaled', 'vim-tiny, "v2"', 'vmamba-small']);
    for (const row of summary.rows) expect(row.cells).toHaveLength(TABLE_COLUMNS.length);
  });

  it('shows mean ± sample std and the seed count', () => {
    const [nn] = summary.rows;
    // (0.8125, 0.8275): mean 0.82, sample std 0.0106066
    expect(nn!.cells[col('best_val_acc')]!.text).toBe('82.00 ± 1.06');
    expect(nn!.cells[col('seeds')]).toEqual({ text: '2', title: 'seeds 1, 2' });
    expect(nn!.cells[col('params')]!.text).toBe('12.35 M');
    expect(nn!.cells[col('train_time_s')]!.text).toBe('1:02:21 ± 7.1 s');
  });

  it('marks the best value of each column in its direction, ties included', () => {
    const bestCells = summary.rows.flatMap((r, ri) =>
      r.cells.map((c, ci) => (c.best ? [ri, TABLE_COLUMNS[ci]!.key] : null)).filter(Boolean));
    // Accuracy: highest (nnmamba). Memory, time, throughput: the two fixture variants tie (they
    // depend on the seed only). Params: lowest among variants with a result (vim; the failed
    // vmamba has the same count but no result). Best epoch has no direction.
    expect(bestCells).toEqual([
      [0, 'best_val_acc'], [0, 'test_acc'], [0, 'peak_tensor_mb'], [0, 'peak_rss_mb'], [0, 'train_time_s'], [0, 'images_per_s'],
      [1, 'params'], [1, 'peak_tensor_mb'], [1, 'peak_rss_mb'], [1, 'train_time_s'], [1, 'images_per_s'],
    ]);
  });

  it('keeps failed runs with their error', () => {
    const failed = summary.rows[2]!;
    expect(failed.cells[col('status')]!.text).toBe('failed');
    expect(failed.cells[col('best_val_acc')]!.text).toBe(MISSING);
    expect(failed.failures[0]!.error).toContain('CUDA out of memory');
    expect(summary.failures.map((f) => f.run_id)).toEqual(['vmamba-small__s1__a1b2c3']);
  });

  it('colours runs by variant', () => {
    expect(summary.runColours).toEqual([PALETTE[0], PALETTE[0], PALETTE[1], PALETTE[1], PALETTE[2]]);
  });

  it('summarises the dataset and the period', () => {
    expect(summary.datasets).toHaveLength(1);
    const ds = summary.datasets[0]!;
    expect(ds.splits).toEqual(['train', 'val', 'test']);
    expect(ds.classes).toEqual(['0', '1', '2', '3', '4']);
    expect(ds.counts[1]).toEqual([180, 37, 100, 19, 30]);
    expect(summary.period).toBe('2025-06-01 10:00:00 UTC → 2025-06-02 11:02:05 UTC');
  });

  it('copes with an experiment that has no runs yet', () => {
    const empty = buildSummary({ ...results, runs: [] });
    expect(empty.rows).toEqual([]);
    expect(empty.period).toBe('no runs yet');
  });
});

describe('buildSummary run table', () => {
  const summary = buildSummary(fakeResults());
  const runCol = (key: string) => summary.runColumns.findIndex((c) => c.key === key);

  it('has one unaveraged row per run, failed ones included with partial metrics', () => {
    expect(summary.runRows.map((r) => r.cells[runCol('seed')]!.text)).toEqual(['1', '2', '1', '2', '1']);
    expect(summary.runRows[0]!.cells[runCol('run_id')]!.text).toBe('nnmamba3-scaled__s1__a1b2c3');
    expect(summary.runRows[0]!.cells[runCol('best_val_acc')]!.text).toBe('81.25');
    const failed = summary.runRows[4]!;
    expect(failed.cells[runCol('status')]!.text).toBe('failed');
    expect(failed.cells[runCol('peak_rss_mb')]!.text).toBe('31000');
    expect(failed.failures).toHaveLength(1);
    for (const row of summary.runRows) expect(row.cells).toHaveLength(summary.runColumns.length);
    expect(summary.runRows.some((r) => r.cells.some((c) => c.best))).toBe(false);
  });
});

describe('buildSummary with runs that diverged, ran out of memory or were interrupted', () => {
  const summary = buildSummary(fakeResultsWithEndedRuns());
  const runCol = (key: string) => summary.runColumns.findIndex((c) => c.key === key);

  it('says per run why it ended, where it stopped, and the error', () => {
    const byId = new Map(summary.runRows.map((r) => [r.run_id, r]));
    const status = (id: string) => byId.get(id)!.cells[runCol('status')]!;
    expect(status('nnmamba3-scaled__s3__a1b2c3')).toEqual({ text: 'diverged at epoch 3, step 17', title: 'loss became NaN at epoch 3, step 17' });
    expect(status('vim-tiny, "v2"__s3__a1b2c3').text).toBe('out of memory');
    expect(status('vmamba-small__s2__a1b2c3').text).toBe('interrupted at epoch 2, step 5');
    expect(byId.get('vim-tiny, "v2"__s3__a1b2c3')!.failures[0]!.error).toBe('out of memory: RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.');
    expect(summary.failures.map((f) => f.error)).toEqual([
      'CUDA out of memory: tried to allocate 1.50 GiB <b>not bold</b>',
      'diverged: loss became NaN at epoch 3, step 17',
      'out of memory: RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.',
      'interrupted at epoch 2, step 5',
    ]);
  });

  it('counts each way of ending in the variant rows, and keeps unfinished runs out of the statistics', () => {
    const byVariant = new Map(summary.rows.map((r) => [r.variant, r]));
    expect(byVariant.get('nnmamba3-scaled')!.cells[col('status')]!.text).toBe('2 ok, 1 diverged');
    expect(byVariant.get('vim-tiny, "v2"')!.cells[col('status')]!.text).toBe('2 ok, 1 out of memory');
    expect(byVariant.get('vmamba-small')!.cells[col('status')]!.text).toBe('1 failed, 1 interrupted');
    expect(byVariant.get('nnmamba3-scaled')!.cells[col('seeds')]!.text).toBe(buildSummary(fakeResults()).rows[0]!.cells[col('seeds')]!.text);
  });
});

describe('buildSummary on a DR screening sweep', () => {
  it('has published columns, a comparison and a clinical table', () => {
    const s = buildSummary(drResults());
    expect(s.columns.map((c) => c.key)).toEqual(expect.arrayContaining(['published_acc', 'published_acc_delta', 'published_memory', 'published_time']));
    expect(s.notes[0]).toContain('best of 300 test-set evaluations');
    expect(s.comparison!.rows).toHaveLength(3);
    expect(s.clinical.split).toBe('test');
    expect(s.clinical.table!.rows).toHaveLength(3);
    expect(s.clinical.confusion.map((c) => c.classes)).toEqual([['DR', 'No_DR'], ['DR', 'No_DR'], ['DR', 'No_DR']]);
    for (const t of [s, s.comparison!, s.clinical.table!]) {
      for (const r of t.rows) {
        expect(r.cells).toHaveLength(t.columns.length);
        expect(r.sortKeys).toHaveLength(t.columns.length);
      }
    }
  });

  it('shows the 95% interval under each mean, and "1 seed: no interval" for single seeds', () => {
    const s = buildSummary(drResults());
    const test = s.columns.findIndex((c) => c.key === 'test_acc');
    // Test accuracy: the interval from seeds and test images together; best val: the t interval over seeds.
    expect(s.rows[0]!.cells[test]!.sub).toMatch(/^\[\d+\.\d, \d+\.\d\] two-level bootstrap$/);
    expect(s.rows[0]!.cells[s.columns.findIndex((c) => c.key === 'best_val_acc')]!.sub).toMatch(/^\[\d+\.\d\d, \d+\.\d\d\]$/);
    const one = buildSummary(drResults({ seeds: [1], withFailure: false }));
    expect(one.rows[0]!.cells[one.columns.findIndex((c) => c.key === 'seeds')]!.sub).toBe('1 seed: no interval over seeds');
    expect(one.rows[0]!.cells[test]!.title).toMatch(/^1 seed: no interval over seeds; 95% interval from the 200 test images: Wilson \(uncertainty of this trained model/);
    expect(one.rows[0]!.cells[test]!.sub).toMatch(/^\[\d+\.\d, \d+\.\d\] Wilson$/);
    expect(one.rows[0]!.cells[one.columns.findIndex((c) => c.key === 'best_val_acc')]!.sub).toBeUndefined();
  });

  it('says when a metric is undefined for some seeds', () => {
    const r = drResults({ seeds: [1, 2], withFailure: false });
    const first = r.runs[0]!;
    // Nothing predicted DR: precision is 0/0 for this seed.
    r.runs[0] = { ...first, predictions: { ...first.predictions, test: { labels: first.predictions!.test!.labels, probs: first.predictions!.test!.probs.map(() => [0.1, 0.9]) } } };
    const s = buildSummary(r);
    const table = s.clinical.table!;
    const cell = table.rows[0]!.cells[table.columns.findIndex((c) => c.key === 'precision')]!;
    expect(cell.sub).toBe('1 of 2 seeds (undefined for the others)');
  });

  it('names ties for the best', () => {
    const r = drResults({ seeds: [1], withFailure: false });
    const top = Math.max(...r.runs.map((x) => x.test_acc!));
    r.runs = r.runs.map((x) => ({ ...x, test_acc: top }));
    // Seed-level headline (no predictions) and the test-image one (identical predictions) both say so.
    expect(buildSummary({ ...r, runs: r.runs.map((x) => ({ ...x, predictions: undefined })) }).headline[0]).toMatch(/Tied with .*"best" is only the first listed\.$/);
    const same = r.runs[0]!.predictions;
    expect(buildSummary({ ...r, runs: r.runs.map((x) => ({ ...x, predictions: same })) }).headline[0]).toMatch(/Tied with .*"best" is only the first listed\.$/);
  });
});

describe('buildSummary GPU memory', () => {
  const gpu = buildSummary(drResults({ webgpu: true }));
  const cpu = buildSummary(fakeResults());
  const at = (s: typeof gpu, key: string) => s.columns.findIndex((c) => c.key === key);

  it('has a GPU memory column in MiB whose tooltip says where the figure comes from', () => {
    const column = gpu.columns[at(gpu, 'gpu_memory_mb')]!;
    expect(column.label).toBe('GPU memory (MiB)');
    expect(column.title).toContain("webgpu buffer manager");
    expect(column.title).toContain('2^20 bytes');
    expect(gpu.rows[0]!.cells[at(gpu, 'gpu_memory_mb')]!.text).toBe('6086 ± 63');
    expect(gpu.rows[0]!.sortKeys[at(gpu, 'gpu_memory_mb')]).toBeCloseTo(6086, 0);
    expect(gpu.notes.some((n) => n.startsWith('GPU memory (MiB): Peak bytes allocated by tfjs'))).toBe(true);
  });

  it('puts the published GPU memory right after ours, as printed in GB with MiB under it', () => {
    expect(gpu.columns[at(gpu, 'gpu_memory_mb') + 1]!.key).toBe('published_memory');
    expect(gpu.columns[at(gpu, 'published_memory')]!.title).toContain('1 GB = 1,024 MiB');
    const published = (row: number) => gpu.rows[row]!.cells[at(gpu, 'published_memory')]!;
    expect(gpu.rows.map((r) => r.model)).toEqual(['nnMamba', 'MedMamba', 'VMamba', 'Vision Mamba']);
    expect([0, 1, 2, 3].map((i) => [published(i).text, published(i).sub])).toEqual([
      ['~6 GB', '≈ 6,144 MiB'], ['~20 GB', '≈ 20,480 MiB'], ['~24 GB', '≈ 24,576 MiB'], ['~12 GB', '≈ 12,288 MiB'],
    ]);
    expect(gpu.rows[2]!.sortKeys[at(gpu, 'published_memory')]).toBe(24 * 1024);
  });

  it('shows "—" for CPU-backend runs and says Peak tensor is their memory figure', () => {
    const cell = cpu.rows[0]!.cells[at(cpu, 'gpu_memory_mb')]!;
    expect(cell.text).toBe(MISSING);
    expect(cell.title).toBe('backend tfjs-node-gpu: GPU memory is measured on webgpu only; Peak tensor is the memory figure');
    expect(cpu.rows[0]!.cells[at(cpu, 'peak_tensor_mb')]!.text).toBe('2050 ± 1');
    expect(cpu.notes).toEqual([]);
  });

  it('warns when a run used a software adapter', () => {
    const r = drResults({ webgpu: true, seeds: [1], withFailure: false });
    r.runs[0] = { ...r.runs[0]!, adapter: { ...r.runs[0]!.adapter!, vendor: 'mesa', architecture: '', device: 'llvmpipe', software: true } };
    expect(buildSummary(r).notes.at(-1)).toContain('Software adapter (mesa llvmpipe (software)): no real GPU');
  });

  it('names the adapter of each run in the run table, "—" without one', () => {
    const adapter = (s: typeof gpu, i: number) => s.runRows[i]!.cells[s.runColumns.findIndex((c) => c.key === 'adapter')]!;
    expect(adapter(gpu, 0).text).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
    expect(adapter(gpu, 0).title).toContain('software: no (hardware)');
    expect(adapter(cpu, 0)).toEqual({ text: MISSING, title: 'tfjs-node-gpu: no GPU adapter' });
    const gpuMemory = (s: typeof gpu, i: number) => s.runRows[i]!.cells[s.runColumns.findIndex((c) => c.key === 'gpu_memory_mb')]!;
    expect(gpuMemory(gpu, 0).text).toBe(drResults({ webgpu: true }).runs[0]!.gpu_memory_mb!.toFixed(0));
    expect(gpuMemory(cpu, 0).text).toBe(MISSING);
  });

  it('lists the adapter in the environment and quotes GPU memory in the headline', () => {
    expect(gpu.environment.adapters.map((a) => [a.label, a.runs])).toEqual([['nvidia hopper NVIDIA H100 80GB HBM3', 10]]);
    expect(cpu.environment.adapters).toEqual([]);
    expect(gpu.headline.find((l) => l.startsWith('Cost:'))).toContain('23997 MiB peak GPU memory');
    expect(buildSummary(drResults()).headline.find((l) => l.startsWith('Cost:'))).toMatch(/\d+ MB peak tensor memory/);
  });
});
