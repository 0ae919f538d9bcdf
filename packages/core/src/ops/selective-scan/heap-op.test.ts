import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { heapScanApplies } from './heap-op';
import { jsSelectiveScanKernel } from './js-kernel';
import { setSelectiveScanKernel } from './kernel';
import { INPUT_NAMES, referenceScan64, relError } from './reference64';
import { selectiveScan } from './selective-scan';
import { makeInputs, randomWeights } from './test-inputs';
import type { ScanDims, ScanGrads, SelectiveScanKernel } from './types';
import { createWasmSelectiveScanKernel } from './wasm-kernel';

const dims = (batch: number, length: number, dim: number, state: number): ScanDims => ({ batch, length, dim, state });
const byName = (g: ScanGrads) => ({ u: g.du, delta: g.ddelta, A: g.dA, Bm: g.dBm, C: g.dC, Dskip: g.dDskip });

// [dims, checkpoint interval]: L = 1, L < T, L not a multiple of T, T = 1, N = 16, several rows.
const CASES: Array<[ScanDims, number]> = [
  [dims(1, 1, 4, 2), 4],
  [dims(3, 13, 4, 5), 4],
  [dims(2, 9, 8, 3), 1],
  [dims(4, 37, 12, 8), 7],
  [dims(5, 65, 16, 16), 16],
];

const ownMemory = createWasmSelectiveScanKernel();
/** The same name as the kernel the heap path stands in for, but it fails if it is ever called. */
const mustNotRun: SelectiveScanKernel = {
  name: ownMemory.name,
  forward: () => { throw new Error('the own-memory scan ran: the heap path was not taken'); },
  backward: () => { throw new Error('the own-memory scan ran: the heap path was not taken'); },
};

/** y and the six gradients of sum(y * w) from the op on the current backend. */
function runOp(d: ScanDims, x: ReturnType<typeof makeInputs>['f32'], w: Float32Array, interval: number) {
  const { batch: B, length: L, dim: D, state: N } = d;
  const inputs = [tf.tensor3d(x.u, [B, L, D]), tf.tensor3d(x.delta, [B, L, D]), tf.tensor2d(x.A, [D, N]),
    tf.tensor3d(x.Bm, [B, L, N]), tf.tensor3d(x.C, [B, L, N]), tf.tensor1d(x.Dskip)];
  const wt = tf.tensor3d(w, [B, L, D]);
  const scan = (...t: tf.Tensor[]) => selectiveScan(t[0], t[1], t[2], t[3], t[4], t[5], { checkpointInterval: interval });
  const y = scan(...inputs);
  const grads = tf.grads((...t: tf.Tensor[]) => scan(...t))(inputs, wt); // dy = w: the gradients of sum(y * w)
  const out = { y: y.dataSync() as Float32Array, g: Object.fromEntries(INPUT_NAMES.map((name, i) => [name, grads[i].dataSync() as Float32Array])) };
  tf.dispose([...inputs, wt, y, ...grads]);
  return out;
}

describe('selective scan on the wasm heap (heap-op.ts)', () => {
  let previous: SelectiveScanKernel;
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    previous = setSelectiveScanKernel(mustNotRun);
  });
  afterAll(() => {
    setSelectiveScanKernel(previous);
  });

  it.each(CASES)('equals the own-memory kernel bit for bit (y and all six gradients) and float64: %o, interval %i', (d, interval) => {
    expect(heapScanApplies(d)).toBe(true);
    const x = makeInputs(d, 41);
    const w = randomWeights(d.batch * d.length * d.dim, 42);
    const heap = runOp(d, x.f32, w, interval);
    const forward = ownMemory.forward(d, x.f32, interval);
    const own = byName(ownMemory.backward(d, x.f32, forward.checkpoints, w));
    const js = byName(jsSelectiveScanKernel.backward(d, x.f32, jsSelectiveScanKernel.forward(d, x.f32, interval).checkpoints, w));
    expect(Array.from(heap.y)).toEqual(Array.from(forward.y));
    expect(relError(heap.y, referenceScan64(d, x.f64))).toBeLessThan(1e-6);
    // dA and dDskip too: their per-(row, chunk) sums are added up in the own-memory kernel's order.
    for (const name of INPUT_NAMES) expect(Array.from(heap.g[name]), name).toEqual(Array.from(own[name]));
    for (const name of INPUT_NAMES) expect(relError(heap.g[name], js[name]), `${name} vs float64 kernel`).toBeLessThan(1e-5);
  });

  it('leaves no tensors or heap bytes behind across steps (the saved states go with the tape, or with the forward without one)', () => {
    const d = dims(3, 20, 8, 4);
    const x = makeInputs(d, 51);
    const w = randomWeights(d.batch * d.length * d.dim, 52);
    runOp(d, x.f32, w, 8);
    const before = tf.memory();
    for (let i = 0; i < 3; i++) runOp(d, x.f32, w, 8);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('rejects a negative delta, naming the first (searched in SIMD on the heap); -0 passes', () => {
    const d = dims(1, 4, 4, 2);
    const x = makeInputs(d, 61);
    x.f32.delta[2] = -0;
    x.f32.delta[9] = -0.25;
    x.f32.delta[11] = -0.5;
    expect(() => runOp(d, x.f32, randomWeights(16, 62), 4)).toThrow(/delta must be >= 0 .*delta\[9\] = -0.25/);
    x.f32.delta[9] = 0;
    expect(() => runOp(d, x.f32, randomWeights(16, 62), 4)).toThrow(/delta\[11\] = -0.5/);
    x.f32.delta[11] = 0;
    expect(() => runOp(d, x.f32, randomWeights(16, 62), 4)).not.toThrow();
  });

  it('leaves D not a multiple of 4 to the own-memory path', () => {
    expect(heapScanApplies(dims(2, 5, 6, 3))).toBe(false);
  });
});
