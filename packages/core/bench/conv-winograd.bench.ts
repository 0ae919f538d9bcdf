/**
 * 3x3 stride-1 'same' convs, XNNPACK's direct conv (the stock kernel) against Winograd F(2x2, 3x3)
 * (kernels/wasm/conv2d-winograd.ts, forced for every shape that fits, whether or not training would
 * pick it): npx tsx packages/core/bench/conv-winograd.bench.ts [threads]
 * The shapes are the nnMamba layers at 224 and 64 px, batch 32; the two run alternately, medians.
 * The "picked" column is what training does (winogradApplies): the thresholds come from this table.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend';
import { unregisterWasmTrainingKernels } from '../src/kernels/wasm/register';
import { conv2dWinograd, winogradApplies } from '../src/kernels/wasm/conv2d-winograd';
import type { WasmHeapBackend } from '../src/wasm/tensor-io';

const threads = Number(process.argv[2] ?? os.cpus().length);
await initBackend('wasm', { threads });
unregisterWasmTrainingKernels(); // tf.conv2d is the stock direct conv from here on
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// [images, size, in channels, out channels]
const SHAPES = [
  [32, 112, 32, 32], [32, 56, 64, 64], [32, 28, 128, 128], [32, 14, 256, 256],
  [32, 32, 32, 32], [32, 16, 64, 64], [32, 8, 128, 128], [32, 4, 256, 256],
  [32, 32, 16, 16], [32, 16, 32, 32], [32, 8, 64, 64], [32, 4, 128, 128],
];
console.log(`${threads} thread(s); 1-min load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
console.log('| x -> out channels | tiles | direct ms | Winograd ms | direct / Winograd | picked |');
console.log('|---|---|---|---|---|---|');
for (const [n, size, cin, cout] of SHAPES) {
  const x = tf.randomNormal([n, size, size, cin]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, cin, cout]) as tf.Tensor4D;
  const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 1, 1, 'same');
  const winograd = () => tf.engine().makeTensorFromTensorInfo(conv2dWinograd(tf.backend() as unknown as WasmHeapBackend, x, w, info));
  const direct = () => tf.conv2d(x, w, 1, 'same');
  const reps = size * size * cin * cout > 1e7 ? 7 : 31;
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < reps + 2; i++) {
    [direct, winograd].forEach((f, k) => {
      const t0 = performance.now();
      const y = f();
      const ms = performance.now() - t0;
      y.dispose();
      if (i >= 2) times[k].push(ms);
    });
  }
  const [d, wg] = times.map(median);
  const tiles = n * Math.ceil(size / 2) ** 2;
  console.log(`| ${n}x${size}x${size}x${cin} -> ${cout} | ${tiles} | ${d.toFixed(2)} | ${wg.toFixed(2)} | ${(d / wg).toFixed(2)} | ${winogradApplies(info, 'float32') ? 'Winograd' : 'direct'} |`);
  tf.dispose([x, w]);
}
