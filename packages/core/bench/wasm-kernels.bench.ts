/**
 * wasm training-kernel throughput: npx tsx packages/core/bench/wasm-kernels.bench.ts [reps]
 * Batch-32 3x3 convs of a small CNN at 32/16/8 px (padding 1, stride 1 and 2), the Mamba
 * causal conv1d (k=4), and dense-layer matMuls. GFLOP/s counts useful multiply-adds only
 * (2 * outputs * taps * input channels), so a gradient kernel that multiplies zeros scores lower.
 * "stock" is tfjs-backend-wasm's own kernel, "ours" the one registered by src/kernels/wasm.
 * Medians after a warm-up call. With MAMBABENCH_THREADS=N (N > 1), a last table times our heap
 * kernels (and the selective scan) on one thread and on N.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../src/kernels/wasm/register';
import { initBackend } from '../src/backend';
import { setHeapPoolEnabled } from '../src/wasm/heap-threads';
import { selectiveScan } from '../src/ops/selective-scan/selective-scan';

const REPS = Number(process.argv[2] ?? 7);
const PAD1: tf.backend_util.ExplicitPadding = [[0, 0], [1, 1], [1, 1], [0, 0]];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median ms of fn after warm-up. wasm kernels run synchronously, so the work is done when fn
 * returns; reading the result back is not timed, because it would charge each kernel for the size
 * of its output (a stride-2 input gradient is 4x its forward's output, and at 4 MB the read-back
 * is a sizeable part of its time).
 * Every call gets fresh inputs: XNNPACK packs a matMul's right operand and a conv's filter per
 * tensor and tfjs caches that by tensor id, so timing the same tensors again would skip the
 * packing that a training step always pays (its weights and gradients are new every step).
 * The fresh inputs are copies made before the clock starts (tf.clone would share the id).
 */
function timeOnce(fn: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): number {
  const fresh = inputs.map((t) => tf.mul(t, 1));
  const t0 = performance.now();
  const out = fn(...fresh);
  const ms = performance.now() - t0;
  tf.dispose([out, ...fresh]);
  return ms;
}

function timeMs(fn: (...inputs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): number {
  const once = () => timeOnce(fn, inputs);
  once();
  return median(Array.from({ length: REPS }, once));
}

/** Times kernel `name` on fresh copies of `inputs`. */
const timeKernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => {
  const names = Object.keys(inputs);
  return timeMs((...fresh) => tf.engine().runKernel(name, Object.fromEntries(names.map((n, i) => [n, fresh[i]])), attrs as tf.NamedAttrMap) as tf.Tensor, ...Object.values(inputs));
};
const gflops = (flops: number, ms: number) => (flops / ms / 1e6).toFixed(1);
const cell = (flops: number, ms: number) => `${gflops(flops, ms)} (${ms.toFixed(1)} ms)`;

// Default: tfjs's single-threaded SIMD build, one kernel at a time on one core. MAMBABENCH_THREADS=N:
// the threaded build as mambabench runs it. On both, our AssemblyScript kernels read and write
// tensors where they lie in the backend's heap (the threaded build's is shared memory). With N = 1
// the threaded build ran the composed conv input gradient well below its single-threaded-build
// speed here (not understood).
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
    const fwd = timeMs((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad), x, w);
    const dxAttrs = { ...common, inputShape: x.shape };
    const dxOurs = timeKernel('Conv2DBackpropInput', { dy, filter: w }, dxAttrs);
    const dW = timeKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: w.shape });
    unregisterWasmTrainingKernels();
    const dxStock = timeKernel('Conv2DBackpropInput', { dy, filter: w }, dxAttrs);
    registerWasmTrainingKernels();
    console.log(
      `| ${k}x${k}, ${size}x${size}x${cin}->${cout} | ${stride} | ${cell(flops, fwd)} | ${cell(flops, dxStock)} | ` +
        `${cell(flops, dxOurs)} | ${cell(flops, dW)} |`,
    );
    tf.dispose([x, w, dy]);
  }
}

// The 224-px nnMamba's 3x3 layers (a stage each): maps far past the caches, where the filter
// gradient's blocks of dy rows matter (conv-filter-grad-outer.ts). No stock dx: its scalar loop
// takes seconds here.
console.log('\n| 224-px nnMamba 3x3 layer, batch 32 | fwd Conv2D | dx ours | dW ours |');
console.log('|---|---|---|---|');
for (const [size, channels] of [[112, 32], [56, 64], [28, 128], [14, 256]]) {
  const x = tf.randomNormal([32, size, size, channels]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, channels, channels]) as tf.Tensor4D;
  const dy = tf.randomNormal(x.shape);
  const flops = 2 * dy.size * 9 * channels;
  const common = { strides: 1, pad: PAD1, dataFormat: 'NHWC' };
  const fwd = timeMs((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, PAD1), x, w);
  const dx = timeKernel('Conv2DBackpropInput', { dy, filter: w }, { ...common, inputShape: x.shape });
  const dW = timeKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: w.shape });
  console.log(`| ${size}x${size}x${channels}->${channels} | ${cell(flops, fwd)} | ${cell(flops, dx)} | ${cell(flops, dW)} |`);
  tf.dispose([x, w, dy]);
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
  const fwd = timeMs((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad), x, w);
  const dx = timeKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...common, inputShape: x.shape });
  const dW = timeKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: w.shape });
  console.log(`| ${name} | ${stride} | ${cell(flops, fwd)} | ${cell(flops, dx)} | ${cell(flops, dW)} |`);
  tf.dispose([x, w, dy]);
}

console.log('\n| matMul [batch] MxKxN | A·B | stock Aᵀ·B | ours Aᵀ·B | stock A·Bᵀ | ours A·Bᵀ |');
console.log('|---|---|---|---|---|---|');
// The last two are Mamba dt_proj weight gradients (M = dt_rank): vim-scaled's, which goes by (Bᵀ·A)ᵀ,
// and one like nnMamba's stem, whose B is past that path's bound (batch-mat-mul.ts: outer products).
const matmuls: Array<[number, number, number, number]> = [[1, 1024, 512, 512], [1, 2048, 256, 256], [1, 512, 2048, 128], [8, 256, 256, 256], [1, 6, 2080, 192], [1, 2, 32768, 32]];
for (const [batch, m, k, n] of matmuls) {
  const a = tf.randomNormal([batch, m, k]);
  const b = tf.randomNormal([batch, k, n]);
  const aT = tf.randomNormal([batch, k, m]);
  const bT = tf.randomNormal([batch, n, k]);
  const flops = 2 * batch * m * k * n;
  const plain = timeMs((a, b) => tf.matMul(a, b), a, b);
  const tnOurs = timeMs((aT, b) => tf.matMul(aT, b, true, false), aT, b);
  const ntOurs = timeMs((a, bT) => tf.matMul(a, bT, false, true), a, bT);
  unregisterWasmTrainingKernels();
  const tnStock = timeMs((aT, b) => tf.matMul(aT, b, true, false), aT, b);
  const ntStock = timeMs((a, bT) => tf.matMul(a, bT, false, true), a, bT);
  registerWasmTrainingKernels();
  console.log(
    `| [${batch}] ${m}x${k}x${n} | ${cell(flops, plain)} | ${cell(flops, tnStock)} | ${cell(flops, tnOurs)} | ` +
      `${cell(flops, ntStock)} | ${cell(flops, ntOurs)} |`,
  );
  tf.dispose([a, b, aT, bT]);
}

// Our heap kernels on one thread and on the backend's threads (src/wasm/heap-threads.ts), pool
// off and on alternating rep by rep so that both see the same machine load.
if (Number(threads) > 1) {
  const alternating = (fn: (...inputs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): [number, number] => {
    const once = (pool: boolean) => {
      setHeapPoolEnabled(pool);
      return timeOnce(fn, inputs);
    };
    once(false);
    once(true);
    const off: number[] = [];
    const on: number[] = [];
    for (let r = 0; r < REPS; r++) {
      off.push(once(false));
      on.push(once(true));
    }
    return [median(off), median(on)];
  };
  const row = (name: string, [off, on]: [number, number]) =>
    console.log(`| ${name} | ${off.toFixed(2)} | ${on.toFixed(2)} | ${(off / on).toFixed(2)} |`);
  console.log(`\n| our heap kernel, batch 32 | 1 thread ms | ${threads} threads ms | x |`);
  console.log('|---|---|---|---|');
  const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => {
    const names = Object.keys(inputs);
    return alternating((...fresh) => tf.engine().runKernel(name, Object.fromEntries(names.map((n, i) => [n, fresh[i]])), attrs as tf.NamedAttrMap) as tf.Tensor, ...Object.values(inputs));
  };
  for (const [k, size, cin, cout, strides] of layers) {
    for (const stride of strides) {
      const pad = k === 3 ? PAD1 : 'valid';
      const x = tf.randomNormal([32, size, size, cin]) as tf.Tensor4D;
      const filterShape = [k, k, cin, cout];
      const dy = tf.randomNormal(tf.backend_util.computeConv2DInfo(x.shape, filterShape as never, stride, 1, pad).outShape);
      row(`conv dW ${k}x${k}, ${size}x${size}x${cin}->${cout} s${stride}`, kernel('Conv2DBackpropFilter', { x, dy }, { strides: stride, pad, dataFormat: 'NHWC', filterShape }));
      tf.dispose([x, dy]);
    }
  }
  for (const [name, shape, [fh, fw], stride, pad] of depthwise) {
    const x = tf.randomNormal(shape) as tf.Tensor4D;
    const w = tf.randomNormal([fh, fw, shape[3], 1]) as tf.Tensor4D;
    const dy = tf.randomNormal(tf.backend_util.computeConv2DInfo(x.shape, w.shape, stride, 1, pad, undefined, true).outShape);
    const common = { strides: stride, pad, dilations: 1 };
    row(`depthwise dx ${name} s${stride}`, kernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...common, inputShape: x.shape }));
    row(`depthwise dW ${name} s${stride}`, kernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: w.shape }));
    tf.dispose([x, w, dy]);
  }
  for (const size of [1 << 16, 1 << 18, 1 << 20]) {
    const x = tf.randomNormal([size]);
    row(`softplus ${size} values`, alternating((x) => tf.softplus(x), x));
    tf.dispose(x);
  }
  // The selective scan (ops/selective-scan/heap-op.ts) at a vim-scaled layer's and an nnMamba stem's (64 px) shapes.
  for (const [B, L, D, N] of [[32, 65, 192, 16], [32, 1024, 64, 8]]) {
    const inputs = [tf.randomNormal([B, L, D]), tf.randomUniform([B, L, D], 0.01, 1), tf.neg(tf.randomUniform([D, N], 0.5, 16)),
      tf.randomNormal([B, L, N]), tf.randomNormal([B, L, N]), tf.randomNormal([D])];
    const scan = (...t: tf.Tensor[]) => selectiveScan(t[0], t[1], t[2], t[3], t[4], t[5]);
    const grads = tf.grads(scan);
    row(`selective scan forward ${B}x${L}x${D}x${N}`, alternating(scan, ...inputs));
    row(`selective scan forward + backward ${B}x${L}x${D}x${N}`, alternating((...t) => tf.tidy(() => grads(t)[0]), ...inputs));
    tf.dispose(inputs);
  }
}
