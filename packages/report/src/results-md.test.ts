import { describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import { markdownTable, mdCell, resultsMarkdown } from './results-md.ts';
import { fakeResults, fakeResultsWithEndedRuns } from './test-fixture.ts';

describe('resultsMarkdown', () => {
  const md = resultsMarkdown(drResults());

  it('has the published-style table with the published figures beside ours', () => {
    // Published accuracy beside our test accuracy (the epoch chosen on valid), the difference taken from it.
    expect(md).toContain('| Model | Variant | Params | MACs | Seeds | Best val acc (%) | Test acc (%) | Published acc (%) | Ours − published (pp) |');
    expect(md).toMatch(/\| VMamba \| vmamba-t \| 30\.20 M \| 4\.90 G \| 3 \| \*\*98\.54 ± 0\.95\*\* \| \*\*97\.33 ± [\d.]+\*\* \| 98\.12 \| −0\.79 \|/);
    expect(md).toContain('best of 300 test-set evaluations');
    expect(md).not.toContain('| Status |');
  });

  it('includes the comparison, screening metrics and failures', () => {
    expect(md).toContain('## Difference to the best, on the test images');
    expect(md).toContain('## Difference to the best, across seeds');
    expect(md).toMatch(/\| VMamba \| vmamba-t \| 3 \| \*\*97\.33\*\* \[\d+\.\d, \d+\.\d\] two-level bootstrap \|/);
    expect(md).toContain('## Screening metrics');
    expect(md).toContain('- vim-s__s1: RESOURCE_EXHAUSTED');
  });

  it('lists runs that diverged, ran out of memory or were interrupted with why', () => {
    const ended = resultsMarkdown(fakeResultsWithEndedRuns());
    expect(ended).toContain('## Runs that did not finish');
    expect(ended).toContain('- nnmamba3-scaled__s3__a1b2c3: diverged: loss became NaN at epoch 3, step 17');
    expect(ended).toContain('- vim-tiny, "v2"__s3__a1b2c3: out of memory: RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.');
    expect(ended).toContain('- vmamba-small__s2__a1b2c3: interrupted at epoch 2, step 5');
  });

  it('escapes pipes in names and has no published columns for other experiments', () => {
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
    const plain = resultsMarkdown(fakeResults());
    expect(plain).not.toContain('Published');
    expect(plain).toContain('vim-tiny, "v2"');
  });

  it('renders a view as an aligned table', () => {
    const table = markdownTable({
      columns: [{ key: 'a', label: 'A', numeric: false }, { key: 'b', label: 'B', numeric: true }],
      rows: [{ model: 'm', variant: 'v', colour: '#000', cells: [{ text: 'x' }, { text: '1', best: true }], sortKeys: [], failures: [] }],
    });
    expect(table).toBe('| A | B |\n| --- | --: |\n| x | **1** |');
  });

  it('has GPU memory in MiB beside the published GB figure, and names the adapter', () => {
    const gpu = resultsMarkdown(drResults({ webgpu: true }));
    expect(gpu).toContain('| Peak tensor (MB) | GPU memory (MiB) | Published GPU memory | Peak RSS (MB) |');
    expect(gpu).toMatch(/\| nnMamba \| nnmamba3-scaled \|.*\| \*\*6086 ± 63\*\* \| ~6 GB \|/);
    expect(gpu).toContain('GPU memory in MiB, — for CPU backends; published GPU memory in GB as printed');
    expect(gpu).toContain("GPU memory (MiB): Peak bytes allocated by tfjs's webgpu buffer manager");
    expect(gpu).toContain('GPU adapter: nvidia hopper NVIDIA H100 80GB HBM3 (10 runs).');
  });

  it('shows "—" for GPU memory and no adapter for CPU-backend runs', () => {
    const cpu = resultsMarkdown(fakeResults());
    expect(cpu).toMatch(/\| nnmamba \| nnmamba3-scaled \|.*\| \*\*2050 ± 1\*\* \| — \| \*\*6102 ± 1\*\* \|/);
    expect(cpu).toContain('GPU adapter: none (no run used the webgpu backend).');
    expect(cpu).not.toContain('GPU memory (MiB): Peak bytes');
  });

  it('copes with no runs', () => {
    expect(resultsMarkdown({ ...fakeResults(), runs: [] })).toContain('No runs yet.');
  });
});
