import { describe, expect, it } from 'vitest';
import { PUBLISHED, publishedFor, wantsPublishedComparison } from './published.ts';

describe('published table', () => {
  it('has the six families with the figures of the paper', () => {
    expect(PUBLISHED.map((p) => [p.model, p.acc_pct, p.memory_gb, p.train_time_h])).toEqual([
      ['Vision Mamba', 94, 12, 3], ['VMamba', 98.12, 24, 2], ['EfficientVMamba', 95.23, 20, 2],
      ['MedMamba', 92.3, 20, 2], ['MambaVision', 95.4, 20, 2], ['nnMamba', 96.53, 6, 0.5],
    ]);
    expect(publishedFor('nnMamba')!.time_text).toBe('~30 min');
    expect(publishedFor('nnmamba')).toBeNull(); // family names match exactly
  });

  it('applies to seed-replica experiments or when the spec opts in', () => {
    expect(wantsPublishedComparison({ name: 'seed-replica-aptos', spec: {} })).toBe(true);
    expect(wantsPublishedComparison({ name: 'default', spec: { published_comparison: true } })).toBe(true);
    expect(wantsPublishedComparison({ name: 'default', spec: { published_comparison: 'yes' } })).toBe(false);
    expect(wantsPublishedComparison({ name: 'replica', spec: null })).toBe(false);
    // Every report of real DR data (an image folder with classes DR and No_DR), not the synthetic set.
    const folder = { name: 'dr-cpu', spec: { data: { kind: 'folder', root: '/d' } } };
    expect(wantsPublishedComparison(folder, ['DR', 'No_DR'])).toBe(true);
    expect(wantsPublishedComparison(folder, ['cat', 'dog'])).toBe(false);
    expect(wantsPublishedComparison(folder)).toBe(false);
    expect(wantsPublishedComparison({ name: 'default', spec: { data: { kind: 'synthetic' } } }, ['DR', 'No_DR'])).toBe(false);
  });
});
