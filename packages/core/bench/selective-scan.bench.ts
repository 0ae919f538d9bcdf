/**
 * Selective-scan timings: npx tsx packages/core/bench/selective-scan.bench.ts [cpu|wasm ...]
 * Each tfjs backend runs both scan kernels: js (float64 typed arrays) and wasm (SIMD, float32).
 * Batch 8, D 64, N 8 (the nnMamba stem's channel/state sizes), L up to 12,544 (112 x 112 tokens).
 * Reports medians; "fwd+bwd" is one tf.grads call (forward + backward, as in a training step).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { selectiveScan } from '../src/ops/selective-scan/selective-scan';
import { resolveSelectiveScanKernel, setSelectiveScanKernel } from '../src/ops/selective-scan/kernel';

const B = 8;
const D = 64;
const N = 8;
// 64 tokens matches an earlier reference measurement; the rest are the brief's sizes.
const LENGTHS = [64, 1024, 4096, 12544];
const backends = process.argv.slice(2).length ? process.argv.slice(2) : ['cpu', 'wasm'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(reps: number, fn: () => void): number {
  fn(); // warm-up: JIT and backend allocations
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Sequential copy bandwidth of this machine, as the floor's yardstick (read + write bytes). */
function copyBandwidthGBs(): number {
  const src = new Float32Array(16 << 20);
  const dst = new Float32Array(16 << 20);
  const ms = timeMs(5, () => dst.set(src));
  return (2 * src.byteLength) / (ms * 1e6);
}

function inputs(L: number): tf.Tensor[] {
  return [
    tf.randomNormal([B, L, D]),
    tf.randomUniform([B, L, D], 0.001, 2), // softplus-like, >= 0
    tf.neg(tf.randomUniform([D, N], 1, 16)),
    tf.randomNormal([B, L, N]),
    tf.randomNormal([B, L, N]),
    tf.randomNormal([D]),
  ];
}

const bw = copyBandwidthGBs();
// Other processes on a small machine skew timings; print the load so readers can judge.
console.log(
  `batch ${B}, D ${D}, N ${N}; medians; copy bandwidth ${bw.toFixed(1)} GB/s (floor = bytes / that); ` +
    `1-min load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`,
);
console.log(
  '| backend | kernel | L | fwd ms | fwd+bwd ms | fwd Mupd/s | fwd+bwd Mupd/s | fwd bytes | fwd floor ms | fwd+bwd bytes | fwd+bwd floor ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const kernel of ['js', 'wasm'] as const) for (const L of LENGTHS) {
    setSelectiveScanKernel(resolveSelectiveScanKernel(kernel));
    const xs = inputs(L);
    const dy = tf.randomNormal([B, L, D]);
    const f = (...a: tf.Tensor[]) => selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5]);
    const reps = L > 4096 ? 3 : L > 1024 ? 5 : L > 64 ? 7 : 21;
    const fwd = timeMs(reps, () => tf.tidy(() => void f(...xs).dataSync()));
    const both = timeMs(reps, () =>
      tf.tidy(() => {
        tf.grads(f)(xs, dy).forEach((g) => g.dataSync());
      }),
    );
    const updates = B * L * D * N;
    const xBytes = 4 * B * L * D; // one (B,L,D) float32 array
    const sBytes = 4 * B * L * N; // one (B,L,N) float32 array
    const fwdBytes = 3 * xBytes + 2 * sBytes; // read u, delta, Bm, C; write y
    const bwdBytes = 3 * xBytes + 2 * sBytes + 2 * xBytes + 2 * sBytes; // read u, delta, dy, Bm, C; write du, ddelta, dBm, dC
    const bothBytes = fwdBytes + bwdBytes;
    const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;
    console.log(
      `| ${backend} | ${kernel} | ${L} | ${fwd.toFixed(1)} | ${both.toFixed(1)} | ${(updates / fwd / 1e3).toFixed(0)} | ` +
        `${(updates / both / 1e3).toFixed(0)} | ${mb(fwdBytes)} | ${(fwdBytes / bw / 1e6).toFixed(1)} | ` +
        `${mb(bothBytes)} | ${(bothBytes / bw / 1e6).toFixed(1)} |`,
    );
    tf.dispose([...xs, dy]);
  }
}
