import { describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import { markdownTable, mdCell, resultsMarkdown } from './results-md.ts';
import { fakeResults } from './test-fixture.ts';

describe('resultsMarkdown', () => {
  const md = resultsMarkdown(drResults());

  it('has the published-style table with the published figures beside ours', () => {
    expect(md).toContain('| Model | Variant | Params | MACs | Seeds | Best val acc (%) | Published acc (%) | Ours − published (pp) | Test acc (%) |');
    expect(md).toMatch(/\| VMamba \| vmamba-t \| 30\.20 M \| 4\.90 G \| 3 \| \*\*97\.92 ± 0\.95\*\* \| 98\.12 \| −0\.20 \|/);
    expect(md).toContain('best of 300 test-set evaluations');
    expect(md).not.toContain('| Status |');
  });

  it('includes the comparison, screening metrics and failures', () => {
    expect(md).toContain('## Difference to the best');
    expect(md).toContain('## Screening metrics');
    expect(md).toContain('- vim-s__s1: RESOURCE_EXHAUSTED');
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

  it('copes with no runs', () => {
    expect(resultsMarkdown({ ...fakeResults(), runs: [] })).toContain('No runs yet.');
  });
});
