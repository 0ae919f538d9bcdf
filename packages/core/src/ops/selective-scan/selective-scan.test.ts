import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsSelectiveScanKernel, setSelectiveScanKernel } from './kernel';
import { finiteDiffGrad64, INPUT_NAMES, referenceScan64, relError } from './reference64';
import { selectiveScan } from './selective-scan';
import { makeInputs, randomWeights, type TestInputs } from './test-inputs';
import type { ScanDims, SelectiveScanKernel } from './types';

const dims = (batch: number, length: number, dim: number, state: number): ScanDims => ({ batch, length, dim, state });

function toTensors(d: ScanDims, x: TestInputs): tf.Tensor[] {
  const { batch: B, length: L, dim: D, state: N } = d;
  return [
    tf.tensor3d(x.f32.u, [B, L, D]),
    tf.tensor3d(x.f32.delta, [B, L, D]),
    tf.tensor2d(x.f32.A, [D, N]),
    tf.tensor3d(x.f32.Bm, [B, L, N]),
    tf.tensor3d(x.f32.C, [B, L, N]),
    tf.tensor1d(x.f32.Dskip),
  ];
}

/**
 * Gradients of sum(selectiveScan(...) * w) w.r.t. all six inputs, passing w as dy so the test
 * needs no gradient registered for any other op (tfjs-core alone registers none).
 */
function opGrads(ts: tf.Tensor[], w: tf.Tensor, interval?: number): tf.Tensor[] {
  const f = (...a: tf.Tensor[]) =>
    selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5], { checkpointInterval: interval });
  return tf.grads(f)(ts, w);
}

/** sum(y * w) as a scalar with its own gradient, for variableGrads (which needs a scalar loss). */
const weightedSum = (w: tf.Tensor) =>
  tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.sum(tf.mul(args[0] as tf.Tensor, w)),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, w),
  }));

const allFinite = (a: ArrayLike<number>) => Array.prototype.every.call(a, Number.isFinite);

describe.each(['cpu', 'wasm'])('selectiveScan on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each<[ScanDims, number | undefined]>([
    [dims(1, 1, 4, 3), undefined],
    [dims(2, 7, 5, 4), 3],
    [dims(3, 50, 8, 8), undefined], // default interval 16: 50 is not a multiple
    [dims(2, 33, 6, 2), 33],
  ])('forward matches the float64 reference: %o, interval %s', (d, interval) => {
    const x = makeInputs(d, 100);
    tf.tidy(() => {
      const ts = toTensors(d, x);
      const y = selectiveScan(ts[0], ts[1], ts[2], ts[3], ts[4], ts[5], { checkpointInterval: interval });
      expect(y.shape).toEqual([d.batch, d.length, d.dim]);
      expect(y.dtype).toBe('float32');
      expect(relError(y.dataSync(), referenceScan64(d, x.f64))).toBeLessThan(1e-5);
    });
  });

  it.each<[ScanDims, number | undefined]>([
    [dims(2, 7, 3, 4), 3],
    [dims(1, 1, 2, 3), undefined],
    [dims(3, 20, 4, 2), undefined],
    [dims(2, 10, 3, 8), 4], // N = 8 takes the unrolled backward step
  ])('gradients of all six inputs match float64 central differences: %o', (d, interval) => {
    const x = makeInputs(d, 200);
    const w = randomWeights(d.batch * d.length * d.dim, 201);
    tf.tidy(() => {
      const gs = opGrads(toTensors(d, x), tf.tensor3d(w, [d.batch, d.length, d.dim]), interval);
      INPUT_NAMES.forEach((name, i) => {
        expect(gs[i].shape, name).toEqual(toTensors(d, x)[i].shape);
        expect(relError(gs[i].dataSync(), finiteDiffGrad64(d, x.f64, w, name)), name).toBeLessThan(1e-5);
      });
    });
  });

  it('leaks no tensors through forward + backward (tidy + grads, and variableGrads)', () => {
    const d = dims(2, 9, 3, 2);
    const x = makeInputs(d, 300);
    const before = tf.memory().numTensors;
    const w = tf.tensor3d(randomWeights(18 * 3, 301), [2, 9, 3]);
    const withW = tf.memory().numTensors;
    tf.tidy(() => {
      const gs = opGrads(toTensors(d, x), w);
      gs.forEach((g) => g.dataSync());
    });
    expect(tf.memory().numTensors).toBe(withW);

    const vars = toTensors(d, x).map((t) => {
      const v = tf.variable(t);
      t.dispose();
      return v;
    });
    const withVars = tf.memory().numTensors;
    const loss = weightedSum(w);
    const { value, grads } = tf.variableGrads(
      () => loss(selectiveScan(vars[0], vars[1], vars[2], vars[3], vars[4], vars[5])) as tf.Scalar,
    );
    expect(Object.keys(grads)).toHaveLength(6);
    value.dispose();
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(withVars);
    vars.forEach((v) => v.dispose());
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stays finite on a long sequence with large delta and A down to -16', () => {
    const d = dims(1, 4096, 8, 8);
    const x = makeInputs(d, 400, { delta: [0, 6], A: [-16, -1e-3] });
    const w = randomWeights(d.length * d.dim, 401);
    tf.tidy(() => {
      const ts = toTensors(d, x);
      const y = selectiveScan(ts[0], ts[1], ts[2], ts[3], ts[4], ts[5]);
      expect(allFinite(y.dataSync())).toBe(true);
      const gs = opGrads(ts, tf.tensor3d(w, [1, d.length, d.dim]));
      INPUT_NAMES.forEach((name, i) => expect(allFinite(gs[i].dataSync()), name).toBe(true));
    });
  });
});

describe('selectiveScan argument checks', () => {
  const d = dims(2, 5, 3, 4);
  const x = makeInputs(d, 500);

  const call = (replace: Partial<Record<(typeof INPUT_NAMES)[number], tf.Tensor>>) =>
    tf.tidy(() => {
      const ts = toTensors(d, x);
      const a = INPUT_NAMES.map((n, i) => replace[n] ?? ts[i]);
      return selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5]);
    });

  it.each<[string, () => tf.Tensor, RegExp]>([
    ['u rank', () => tf.zeros([2, 5]), /u must have shape \(B, L, D\), got \[2, 5\]/],
    ['A dim', () => tf.zeros([4, 4]), /A must have shape \(D, N\) with D = 3 .* got \[4, 4\]/],
    ['delta shape', () => tf.zeros([2, 5, 4]), /delta must have shape \(B, L, D\) = \[2, 5, 3\].* got \[2, 5, 4\]/],
    ['Bm shape', () => tf.zeros([2, 5, 3]), /Bm must have shape \(B, L, N\) = \[2, 5, 4\].* got \[2, 5, 3\]/],
    ['C shape', () => tf.zeros([1, 5, 4]), /C must have shape \(B, L, N\) = \[2, 5, 4\].* got \[1, 5, 4\]/],
    ['Dskip shape', () => tf.zeros([3, 1]), /Dskip must have shape \(D\) = \[3\].* got \[3, 1\]/],
    ['dtype', () => tf.zeros([3], 'int32'), /Dskip must be float32, got int32/],
  ])('names the argument and its shape: %s', (label, make, msg) => {
    const name = label.split(' ')[0] === 'dtype' ? 'Dskip' : (label.split(' ')[0] as (typeof INPUT_NAMES)[number]);
    expect(() => call({ [name]: make() })).toThrow(msg);
  });

  it('rejects a positive A or a negative delta instead of exponentiating a positive number', () => {
    const badA = Float32Array.from(x.f32.A);
    badA[5] = 0.25;
    expect(() => call({ A: tf.tensor2d(badA, [3, 4]) })).toThrow(/A must be <= 0.*A\[5\] = 0.25/);
    const badDelta = Float32Array.from(x.f32.delta);
    badDelta[7] = -0.5;
    expect(() => call({ delta: tf.tensor3d(badDelta, [2, 5, 3]) })).toThrow(/delta must be >= 0.*delta\[7\] = -0.5/);
  });

  it('uses the kernel installed with setSelectiveScanKernel for forward and backward', () => {
    const seen: string[] = [];
    const spy: SelectiveScanKernel = {
      name: 'spy',
      forward: (...a) => (seen.push('forward'), jsSelectiveScanKernel.forward(...a)),
      backward: (...a) => (seen.push('backward'), jsSelectiveScanKernel.backward(...a)),
    };
    const previous = setSelectiveScanKernel(spy);
    try {
      tf.tidy(() => opGrads(toTensors(d, x), tf.ones([2, 5, 3])));
    } finally {
      setSelectiveScanKernel(previous);
    }
    expect(seen).toEqual(['forward', 'backward']);
  });
});
