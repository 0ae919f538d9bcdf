import { describe, expect, it } from 'vitest';
import { PUBLISHED_MEAN, PUBLISHED_STD } from '../dataset.ts';
import { makeSyntheticDataset, renderSyntheticImage, syntheticLabel } from './make-dataset.ts';

const small = { seed: 11, imageSize: 32, train: 10, valid: 4, test: 4 };

describe('makeSyntheticDataset', () => {
  it('fills the Dataset contract', () => {
    const ds = makeSyntheticDataset(small);
    expect(ds.name).toBe('synthetic-fundus');
    expect(ds.classNames).toEqual(['DR', 'No_DR']);
    expect(ds.imageSize).toBe(32);
    expect(ds.normalization).toEqual({ mean: PUBLISHED_MEAN, std: PUBLISHED_STD });
    expect(ds.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    for (const [name, n] of [['train', 10], ['valid', 4], ['test', 4]] as const) {
      const s = ds.splits[name]!;
      expect(s.name).toBe(name);
      expect(s.count).toBe(n);
      expect(s.images.length).toBe(n * 32 * 32 * 3);
      expect(s.labels.length).toBe(n);
    }
  });

  it('omits the test split when test is 0', () => {
    expect(makeSyntheticDataset({ ...small, test: 0 }).splits.test).toBeUndefined();
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = makeSyntheticDataset(small);
    const b = makeSyntheticDataset(small);
    const c = makeSyntheticDataset({ ...small, seed: 12 });
    expect(Buffer.from(a.splits.train.images).equals(Buffer.from(b.splits.train.images))).toBe(true);
    expect([...a.splits.train.labels]).toEqual([...b.splits.train.labels]);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(Buffer.from(a.splits.train.images).equals(Buffer.from(c.splits.train.images))).toBe(false);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('gives different content to different splits', () => {
    const ds = makeSyntheticDataset(small);
    const bytes = 4 * 32 * 32 * 3;
    const train = Buffer.from(ds.splits.train.images.subarray(0, bytes));
    expect(train.equals(Buffer.from(ds.splits.valid.images))).toBe(false);
    expect(Buffer.from(ds.splits.valid.images).equals(Buffer.from(ds.splits.test!.images))).toBe(false);
  });

  it('renders image i independently of the split size', () => {
    const short = makeSyntheticDataset({ ...small, train: 3 });
    const long = makeSyntheticDataset({ ...small, train: 9 });
    const bytes = 3 * 32 * 32 * 3;
    expect(Buffer.from(short.splits.train.images).equals(Buffer.from(long.splits.train.images.subarray(0, bytes)))).toBe(true);
    expect([...short.splits.train.labels]).toEqual([...long.splits.train.labels.subarray(0, 3)]);
    const alone = renderSyntheticImage(11, 'train', 7, 32);
    expect(Buffer.from(alone.image).equals(Buffer.from(long.splits.train.images.subarray(7 * 3072, 8 * 3072)))).toBe(true);
    expect(alone.label).toBe(long.splits.train.labels[7]);
  });

  it.each([32, 64, 224])('produces %i px images', (size) => {
    const ds = makeSyntheticDataset({ seed: 1, imageSize: size, train: 2, valid: 1, test: 1 });
    expect(ds.imageSize).toBe(size);
    expect(ds.splits.train.images.length).toBe(2 * size * size * 3);
    expect(ds.splits.valid.images.length).toBe(size * size * 3);
  });

  it('balances the classes exactly per pair, without a fixed alternation', () => {
    const ds = makeSyntheticDataset({ seed: 5, imageSize: 16, train: 200, valid: 0, test: 0 });
    const labels = [...ds.splits.train.labels];
    expect(labels.filter((l) => l === 0).length).toBe(100);
    for (let k = 0; k < 200; k += 2) expect(labels[k] + labels[k + 1]).toBe(1);
    const firstOfPair = labels.filter((_, i) => i % 2 === 0);
    expect(new Set(firstOfPair).size).toBe(2); // the order within pairs is shuffled
    expect(syntheticLabel(5, 'train', 3)).toBe(labels[3]);
  });

  it('renders the same scene at any size (means agree across resolutions)', () => {
    const meanRgb = (img: Uint8Array) => {
      const m = [0, 0, 0];
      for (let i = 0; i < img.length; i++) m[i % 3] += img[i];
      return m.map((v) => (3 * v) / img.length);
    };
    for (let i = 0; i < 4; i++) {
      const a = meanRgb(renderSyntheticImage(2, 'valid', i, 48).image);
      const b = meanRgb(renderSyntheticImage(2, 'valid', i, 224).image);
      for (let c = 0; c < 3; c++) expect(Math.abs(a[c] - b[c])).toBeLessThan(2.5);
    }
  });

  it('validates its options', () => {
    expect(() => makeSyntheticDataset({ ...small, imageSize: 4 })).toThrow(/imageSize/);
    expect(() => makeSyntheticDataset({ ...small, train: -1 })).toThrow(/train/);
    expect(() => makeSyntheticDataset({ ...small, valid: 1.5 })).toThrow(/valid/);
  });
});

describe('lesionScale', () => {
  it('enlarges DR lesions only, enters the fingerprint, and is validated', () => {
    const base = makeSyntheticDataset({ seed: 3, imageSize: 48, train: 8, valid: 2, test: 0 });
    const big = makeSyntheticDataset({ seed: 3, imageSize: 48, train: 8, valid: 2, test: 0, lesionScale: 3 });
    const px = 48 * 48 * 3;
    let changedDr = 0;
    for (let i = 0; i < 8; i++) {
      const a = base.splits.train.images.subarray(i * px, (i + 1) * px);
      const b = big.splits.train.images.subarray(i * px, (i + 1) * px);
      const same = a.every((v, j) => v === b[j]);
      if (base.splits.train.labels[i] === 1) expect(same).toBe(true); // No_DR untouched
      else if (!same) changedDr += 1;
    }
    expect(changedDr).toBeGreaterThanOrEqual(3);
    expect(big.fingerprint).not.toBe(base.fingerprint);
    expect(makeSyntheticDataset({ seed: 3, imageSize: 48, train: 8, valid: 2, test: 0, lesionScale: 1 }).fingerprint).toBe(base.fingerprint);
    expect(() => makeSyntheticDataset({ seed: 3, imageSize: 48, train: 2, valid: 2, test: 0, lesionScale: 0 })).toThrow(/lesionScale must be in \(0, 10\]/);
  });
});
