/**
 * wasm training-kernel throughput: npx tsx packages/core/bench/wasm-kernels.bench.ts [reps]
 * Batch-32 3x3 convs of a small CNN at 32/16/8 px (padding 1, stride 1 and 2), the Mamba
 * causal conv1d (k=4), and dense-layer matMuls. GFLOP/s counts useful multiply-adds only
 * (2 * outputs * taps * input channels), so a gradient kernel that multiplies zeros scores lower.
 * "stock" is tfjs-backend-wasm's own kernel, "ours" the composed one from src/kernels/wasm.
 * Medians after a warm-up call.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../src/kernels/wasm/register';
import { initBackend } from '../src/backend';

const REPS = Number(process.argv[2] ?? 7);
const PAD1: tf.backend_util.ExplicitPadding = [[0, 0], [1, 1], [1, 1], [0, 0]];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median ms of fn after warm-up. wasm kernels run synchronously, so the work is done when fn
 * returns; reading the result back is not timed, because it would charge each kernel for the size
 * of its output (a stride-2 input gradient is 4x its forward's output: ~1.6 ms more at 4 MB).
 */
function timeMs(fn: () => tf.Tensor): number {
  const once = () => {
    const t0 = performance.now();
    const out = fn();
    const ms = performance.now() - t0;
    out.dispose();
    return ms;
  };
  once();
  return median(Array.from({ length: REPS }, once));
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) => () =>
  tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
const gflops = (flops: number, ms: number) => (flops / ms / 1e6).toFixed(1);
const cell = (flops: number, ms: number) => `${gflops(flops, ms)} (${ms.toFixed(1)} ms)`;

// Default: tfjs's single-threaded SIMD build, one kernel at a time on one core (our SIMD kernels
// then copy into their own memory). MAMBABENCH_THREADS=N: the threaded build as mambabench runs
// it (our kernels work on its shared heap). With N = 1 that build ran the composed conv input
// gradient at half its single-threaded-build speed here (not understood; N = 2 is as expected).
const threads = process.env.MAMBABENCH_THREADS;
if (threads) {
  await initBackend('wasm', { threads: Number(threads) });
} else {
  await tf.setBackend('wasm');
  await tf.ready();
}
registerWasmTrainingKernels();
console.log(`tfjs ${tf.version_core} wasm (${threads ? `threaded build, ${threads} thread(s)` : 'single-threaded build'}), ${REPS} reps, medians; 1-min load ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
console.log('GFLOP/s (median ms)\n');

console.log('| conv, batch 32 | stride | fwd Conv2D | dx stock | dx ours | dW ours |');
console.log('|---|---|---|---|---|---|');
// [filter, size, in, out, strides]: the 3x3 stages of a small CNN, then its 1x1 convs (a
// strided shortcut and a channel mixer).
const layers: Array<[number, number, number, number, number[]]> = [
  [3, 32, 32, 32, [1, 2]], [3, 16, 64, 64, [1, 2]], [3, 8, 128, 128, [1, 2]],
  [1, 16, 64, 128, [2]], [1, 8, 128, 128, [1]],
];
for (const [k, size, cin, cout, strides] of layers) {
  for (const stride of strides) {
    const pad = k === 3 ? PAD1 : 'valid';
    const x = tf.randomNormal([32, size, size, cin]) as tf.Tensor4D;
    const w = tf.randomNormal([k, k, cin, cout]) as tf.Tensor4D;
    const dy = tf.randomNormal(tf.backend_util.computeConv2DInfo(x.shape, w.shape, stride, 1, pad).outShape);
    const flops = 2 * dy.size * k * k * cin;
    const common = { strides: stride, pad, dataFormat: 'NHWC' };
    const fwd = timeMs(() => tf.conv2d(x, w, stride, pad));
    const dxAttrs = { ...common, inputShape: x.shape };
    const dxOurs = timeMs(run('Conv2DBackpropInput', { dy, filter: w }, dxAttrs));
    const dW = timeMs(run('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: w.shape }));
    unregisterWasmTrainingKernels();
    const dxStock = timeMs(run('Conv2DBackpropInput', { dy, filter: w }, dxAttrs));
    registerWasmTrainingKernels();
    console.log(
      `| ${k}x${k}, ${size}x${size}x${cin}->${cout} | ${stride} | ${cell(flops, fwd)} | ${cell(flops, dxStock)} | ` +
        `${cell(flops, dxOurs)} | ${cell(flops, dW)} |`,
    );
    tf.dispose([x, w, dy]);
  }
}

console.log('\n| depthwise, batch 32 | stride | fwd | dx ours | dW ours |');
console.log('|---|---|---|---|---|');
const depthwise: Array<[string, number[], [number, number], number, tf.backend_util.ExplicitPadding]> = [
  ['3x3, 32x32x32', [32, 32, 32, 32], [3, 3], 1, PAD1],
  ['3x3, 32x32x32', [32, 32, 32, 32], [3, 3], 2, PAD1],
  ['3x3, 16x16x64', [32, 16, 16, 64], [3, 3], 1, PAD1],
  ['3x3, 16x16x64', [32, 16, 16, 64], [3, 3], 2, PAD1],
  ['3x3, 8x8x128', [32, 8, 8, 128], [3, 3], 1, PAD1],
  ['3x3, 8x8x128', [32, 8, 8, 128], [3, 3], 2, PAD1],
  ['causal conv1d k4, L64 C128', [32, 1, 64, 128], [1, 4], 1, [[0, 0], [0, 0], [3, 0], [0, 0]]],
];
for (const [name, shape, [fh, fw], stride, pad] of depthwise) {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const w = tf.randomNormal([fh, fw, shape[3], 1]) as tf.Tensor4D;
  const dy = tf.randomNormal(tf.backend_util.computeConv2DInfo(x.shape, w.shape, stride, 1, pad, undefined, true).outShape);
  const flops = 2 * dy.size * fh * fw;
  const common = { strides: stride, pad, dilations: 1 };
  const fwd = timeMs(() => tf.depthwiseConv2d(x, w, stride, pad));
  const dx = timeMs(run('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...common, inputShape: x.shape }));
  const dW = timeMs(run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: w.shape }));
  console.log(`| ${name} | ${stride} | ${cell(flops, fwd)} | ${cell(flops, dx)} | ${cell(flops, dW)} |`);
  tf.dispose([x, w, dy]);
}

console.log('\n| matMul [batch] MxKxN | A·B | stock Aᵀ·B | ours Aᵀ·B | stock A·Bᵀ | ours A·Bᵀ |');
console.log('|---|---|---|---|---|---|');
const matmuls: Array<[number, number, number, number]> = [[1, 1024, 512, 512], [1, 2048, 256, 256], [1, 512, 2048, 128], [8, 256, 256, 256]];
for (const [batch, m, k, n] of matmuls) {
  const a = tf.randomNormal([batch, m, k]);
  const b = tf.randomNormal([batch, k, n]);
  const aT = tf.randomNormal([batch, k, m]);
  const bT = tf.randomNormal([batch, n, k]);
  const flops = 2 * batch * m * k * n;
  const plain = timeMs(() => tf.matMul(a, b));
  const tnOurs = timeMs(() => tf.matMul(aT, b, true, false));
  const ntOurs = timeMs(() => tf.matMul(a, bT, false, true));
  unregisterWasmTrainingKernels();
  const tnStock = timeMs(() => tf.matMul(aT, b, true, false));
  const ntStock = timeMs(() => tf.matMul(a, bT, false, true));
  registerWasmTrainingKernels();
  console.log(
    `| [${batch}] ${m}x${k}x${n} | ${cell(flops, plain)} | ${cell(flops, tnStock)} | ${cell(flops, tnOurs)} | ` +
      `${cell(flops, ntStock)} | ${cell(flops, ntOurs)} |`,
  );
  tf.dispose([a, b, aT, bT]);
}
