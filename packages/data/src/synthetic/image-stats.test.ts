/**
 * Pixel-level sanity checks of the generated images: what a fundus photo should look like,
 * and that the DR signal lives in lesions rather than in global image statistics.
 */
import { describe, expect, it } from 'vitest';
import { makeSyntheticDataset } from './make-dataset.ts';

const SIZE = 64;
const N = 400;
const ds = makeSyntheticDataset({ seed: 2024, imageSize: SIZE, train: N, valid: 0, test: 0 });
const PER = SIZE * SIZE * 3;
const image = (i: number) => ds.splits.train.images.subarray(i * PER, (i + 1) * PER);
const labels = [...ds.splits.train.labels];

/** Best accuracy of any single threshold on `values` (either direction). */
function bestThresholdAccuracy(values: number[], y: number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const zeros = y.filter((l) => l === 0).length;
  let best = 0;
  let zerosBelow = 0;
  for (let k = 0; k <= order.length; k++) {
    // Predict class 0 for the k smallest values, class 1 for the rest.
    const acc = (zerosBelow + (order.length - k - (zeros - zerosBelow))) / order.length;
    best = Math.max(best, acc, 1 - acc);
    if (k < order.length && y[order[k]] === 0) zerosBelow++;
  }
  return best;
}

/** P(value of a random DR image > value of a random No_DR image). */
function auc(values: number[], y: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < values.length; i++) {
    if (y[i] !== 0) continue;
    for (let j = 0; j < values.length; j++) {
      if (y[j] !== 1) continue;
      pairs++;
      wins += values[i] > values[j] ? 1 : values[i] === values[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/**
 * Counts isolated spots in the green channel (where red lesions and yellow exudates have
 * the most contrast): pixels darker (or brighter) than all 8 neighbours at distance 2 by
 * `t` levels. Vessels are dark along a line, so they rarely pass the all-directions test.
 */
function spotCount(img: Uint8Array, dark: boolean, t: number): number {
  const d = 2;
  const c = SIZE / 2;
  const r2 = ((0.75 * SIZE) / 2) ** 2;
  const dirs = [[d, 0], [-d, 0], [0, d], [0, -d], [d, d], [d, -d], [-d, d], [-d, -d]];
  let count = 0;
  for (let y = d; y < SIZE - d; y++) {
    for (let x = d; x < SIZE - d; x++) {
      if ((x - c) ** 2 + (y - c) ** 2 > r2) continue;
      const v = img[(y * SIZE + x) * 3 + 1];
      const isSpot = dirs.every(([dx, dy]) => {
        const u = img[((y + dy) * SIZE + x + dx) * 3 + 1];
        return dark ? u >= v + t : u <= v - t;
      });
      if (isSpot) count++;
    }
  }
  return count;
}

describe('synthetic fundus pixel statistics', () => {
  it('has a near-black background and a reddish disc (R > G > B)', () => {
    for (let i = 0; i < 40; i++) {
      const img = image(i);
      let corner = 0;
      for (const [x0, y0] of [[0, 0], [SIZE - 3, 0], [0, SIZE - 3], [SIZE - 3, SIZE - 3]]) {
        for (let y = y0; y < y0 + 3; y++) for (let x = x0; x < x0 + 3; x++) for (let ch = 0; ch < 3; ch++) corner += img[(y * SIZE + x) * 3 + ch];
      }
      expect(corner / (4 * 9 * 3)).toBeLessThan(12);

      const sum = [0, 0, 0];
      let n = 0;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if ((x - SIZE / 2 + 0.5) ** 2 + (y - SIZE / 2 + 0.5) ** 2 > (0.6 * SIZE / 2) ** 2) continue;
          for (let ch = 0; ch < 3; ch++) sum[ch] += img[(y * SIZE + x) * 3 + ch];
          n++;
        }
      }
      const [r, g, b] = sum.map((s) => s / n);
      expect(r).toBeGreaterThan(80);
      expect(r).toBeGreaterThan(g + 20);
      expect(g).toBeGreaterThan(b + 10);
    }
  });

  it('keeps the dataset mean close to the published normalisation mean', () => {
    const sum = [0, 0, 0];
    const all = ds.splits.train.images;
    for (let i = 0; i < all.length; i++) sum[i % 3] += all[i];
    const mean = sum.map((s) => (3 * s) / all.length / 255);
    // Loose: the point is that normalised inputs land near zero mean, not a pixel-exact match.
    expect(mean[0]).toBeGreaterThan(0.3);
    expect(mean[0]).toBeLessThan(0.5);
    expect(mean[1]).toBeGreaterThan(0.12);
    expect(mean[1]).toBeLessThan(0.3);
    expect(mean[2]).toBeLessThan(0.12);
  });

  it('separates DR from No_DR by a lesion feature, but not by global brightness or redness', () => {
    const brightness: number[] = [];
    const red: number[] = [];
    const spots: number[] = [];
    for (let i = 0; i < N; i++) {
      const img = image(i);
      let r = 0, all = 0;
      for (let p = 0; p < PER; p += 3) {
        r += img[p];
        all += img[p] + img[p + 1] + img[p + 2];
      }
      brightness.push(all / PER);
      red.push((3 * r) / PER);
      spots.push(spotCount(img, true, 8) + spotCount(img, false, 10));
    }
    expect(bestThresholdAccuracy(brightness, labels)).toBeLessThan(0.75);
    expect(bestThresholdAccuracy(red, labels)).toBeLessThan(0.75);
    // DR images have more isolated spots, but distractors keep even this cue imperfect.
    expect(auc(spots, labels)).toBeGreaterThan(0.62);
    expect(bestThresholdAccuracy(spots, labels)).toBeLessThan(0.9);
  });
});
