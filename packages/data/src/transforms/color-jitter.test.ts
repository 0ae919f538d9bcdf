import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { Rng } from '@mambabench/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { ColorJitter, GRAY_WEIGHTS, colorJitterBatch, type JitterOp, type JitterParams } from './color-jitter.ts';
import { BACKENDS, expectNoLeak, maxAbsDiff, randomImages } from './test-util.ts';

const ORDER: JitterOp[] = ['brightness', 'contrast', 'saturation'];
const params = (b: number, f: Partial<Record<JitterOp, number>>, order: JitterOp[] = ORDER): JitterParams => ({
  brightness: new Array(b).fill(f.brightness ?? 1),
  contrast: new Array(b).fill(f.contrast ?? 1),
  saturation: new Array(b).fill(f.saturation ?? 1),
  order: new Array(b).fill(order),
});

/** Direct per-image computation of torchvision's adjust_* in the given order. */
function referenceJitter(v: Float32Array, shape: number[], p: JitterParams): Float32Array {
  const [b, h, w] = shape;
  const n = h * w;
  const out = Float32Array.from(v);
  for (let i = 0; i < b; i++) {
    const img = out.subarray(i * n * 3, (i + 1) * n * 3);
    for (const op of p.order[i]) {
      const f = p[op][i];
      const gray = Float64Array.from({ length: n }, (_, k) => GRAY_WEIGHTS[0] * img[3 * k] + GRAY_WEIGHTS[1] * img[3 * k + 1] + GRAY_WEIGHTS[2] * img[3 * k + 2]);
      const mean = gray.reduce((a, g) => a + g, 0) / n;
      for (let k = 0; k < n * 3; k++) {
        const ref = op === 'brightness' ? 0 : op === 'contrast' ? mean : gray[Math.floor(k / 3)];
        img[k] = Math.min(1, Math.max(0, f * img[k] + (1 - f) * ref));
      }
    }
  }
  return out;
}

describe.each(BACKENDS)('colorJitterBatch on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('factor 1 everywhere is the identity', () => {
    const x = randomImages(2, 4, 5, 1);
    const out = colorJitterBatch(x, params(2, {}));
    expect(maxAbsDiff(out.dataSync(), x.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, out]);
  });

  it('brightness f scales, clamped to [0, 1]', () => {
    const x = randomImages(1, 4, 4, 2);
    const dim = colorJitterBatch(x, params(1, { brightness: 0.6 }));
    expect(maxAbsDiff(dim.dataSync(), x.dataSync().map((v) => v * 0.6))).toBeLessThan(1e-6);
    const bright = colorJitterBatch(x, params(1, { brightness: 1.5 }));
    expect(maxAbsDiff(bright.dataSync(), x.dataSync().map((v) => Math.min(1, v * 1.5)))).toBeLessThan(1e-6);
    tf.dispose([x, dim, bright]);
  });

  it('saturation 0 gives the grey image in every channel; contrast 0 its mean grey level', () => {
    const x = randomImages(1, 3, 3, 3);
    const v = x.dataSync();
    const gray = Array.from({ length: 9 }, (_, k) => GRAY_WEIGHTS[0] * v[3 * k] + GRAY_WEIGHTS[1] * v[3 * k + 1] + GRAY_WEIGHTS[2] * v[3 * k + 2]);
    const sat = colorJitterBatch(x, params(1, { saturation: 0 })).dataSync();
    expect(maxAbsDiff(sat, gray.flatMap((g) => [g, g, g]))).toBeLessThan(1e-6);
    const mean = gray.reduce((a, b) => a + b, 0) / 9;
    const con = colorJitterBatch(x, params(1, { contrast: 0 })).dataSync();
    expect(maxAbsDiff(con, new Array(27).fill(mean))).toBeLessThan(1e-6);
    x.dispose();
  });

  it('matches a direct computation with per-image factors and per-image op order', () => {
    const shape = [4, 5, 3, 3];
    const x = randomImages(4, 5, 3, 4);
    const p: JitterParams = {
      brightness: [1.4, 0.5, 1.2, 0.9],
      contrast: [0.6, 1.5, 1.1, 0.7],
      saturation: [1.5, 0.5, 0.8, 1.3],
      order: [['saturation', 'brightness', 'contrast'], ['contrast', 'saturation', 'brightness'], ORDER, ['brightness', 'saturation', 'contrast']],
    };
    const got = expectNoLeak(() => colorJitterBatch(x, p), 1);
    expect(maxAbsDiff(got.dataSync(), referenceJitter(x.dataSync() as Float32Array, shape, p))).toBeLessThan(1e-5);
    // Order matters: the same factors in another order give another image.
    const other = colorJitterBatch(x, { ...p, order: new Array(4).fill(ORDER) });
    expect(maxAbsDiff(other.dataSync(), got.dataSync())).toBeGreaterThan(1e-3);
    tf.dispose([x, got, other]);
  });

  it('ColorJitter draws factors in [0.5, 1.5] and a permutation per image, reproducibly', () => {
    const jitter = new ColorJitter(0.5, 0.5, 0.5, new Rng(3));
    const p = jitter.sample(200);
    for (const op of ORDER) for (const f of Array.from(p[op])) expect(f >= 0.5 && f < 1.5).toBe(true);
    for (const o of p.order) expect([...o].sort()).toEqual([...ORDER].sort());
    expect(new Set(p.order.map((o) => o.join())).size).toBe(6);
    expect(new ColorJitter(0.5, 0.5, 0.5, new Rng(3)).sample(200)).toEqual(p);
  });
});
