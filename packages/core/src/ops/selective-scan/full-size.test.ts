import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { jsSelectiveScanKernel, setSelectiveScanKernel } from './kernel';
import { referenceScan64, relError } from './reference64';
import { selectiveScan } from './selective-scan';
import type { SelectiveScanKernel } from './types';

// The nnMamba stem at 224 px: 112 x 112 = 12,544 tokens, 64 channels, state 8.
const B = 8;
const L = 12_544;
const D = 64;
const N = 8;

describe.each(['cpu', 'wasm'])('selectiveScan at full size on %s', (backend) => {
  it(`runs forward + backward for B=${B}, L=${L}, D=${D}, N=${N} with checkpointed memory`, async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    let checkpointBytes = 0;
    const recorder: SelectiveScanKernel = {
      name: 'recorder',
      forward: (...a) => {
        const r = jsSelectiveScanKernel.forward(...a);
        checkpointBytes = r.checkpoints.states.byteLength;
        return r;
      },
      backward: jsSelectiveScanKernel.backward,
    };
    const previous = setSelectiveScanKernel(recorder);
    const before = tf.memory().numTensors;
    try {
      tf.tidy(() => {
        const xs = [
          tf.randomNormal([B, L, D], 0, 1, 'float32', 1),
          tf.randomUniform([B, L, D], 0.001, 5, 'float32', 2), // softplus-range delta
          tf.neg(tf.randomUniform([D, N], 0.5, 16, 'float32', 3)),
          tf.randomNormal([B, L, N], 0, 1, 'float32', 4),
          tf.randomNormal([B, L, N], 0, 1, 'float32', 5),
          tf.randomNormal([D], 0, 1, 'float32', 6),
        ];
        const dy = tf.randomNormal([B, L, D], 0, 1, 'float32', 7);
        const f = (...a: tf.Tensor[]) => selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5]);

        const t0 = performance.now();
        const y = f(...xs);
        const ys = y.dataSync();
        const t1 = performance.now();
        const grads = tf.grads(f)(xs, dy);
        const gs = grads.map((g) => g.dataSync());
        const t2 = performance.now();
        console.log(
          `[selective-scan full size, ${backend}] forward ${(t1 - t0).toFixed(0)} ms, ` +
            `forward+backward (tf.grads) ${(t2 - t1).toFixed(0)} ms, checkpoints ${(checkpointBytes / 2 ** 20).toFixed(1)} MiB`,
        );

        // All B*L*D*N float32 states would be 205 MB; the checkpoints must be a small fraction.
        expect(checkpointBytes).toBeLessThan(16 * 2 ** 20);
        for (const g of gs) expect(g.every(Number.isFinite)).toBe(true);
        expect(ys.every(Number.isFinite)).toBe(true);

        // Causality makes a prefix checkable: y[0, :64] from the float64 reference on that prefix.
        const P = 64;
        const slice = (t: tf.Tensor, width: number) => Float64Array.from(tf.slice(t, [0, 0, 0], [1, P, width]).dataSync());
        const ref = referenceScan64(
          { batch: 1, length: P, dim: D, state: N },
          {
            u: slice(xs[0], D),
            delta: slice(xs[1], D),
            A: Float64Array.from(xs[2].dataSync()),
            Bm: slice(xs[3], N),
            C: slice(xs[4], N),
            Dskip: Float64Array.from(xs[5].dataSync()),
          },
        );
        expect(relError(ys.subarray(0, P * D), ref)).toBeLessThan(1e-5);
      });
    } finally {
      setSelectiveScanKernel(previous);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
