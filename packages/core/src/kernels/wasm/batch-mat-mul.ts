import * as tf from '@tensorflow/tfjs-core';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor } from './conv-geometry';
import { filterGradByOuterProducts, outerProductsApply } from './conv-filter-grad-outer';
import { multiplyPerBatch, perBatchApplies, type PerBatchBackend } from './per-batch-mat-mul';
import type { WasmHeapBackend } from '../../wasm/tensor-io';

type KernelArgs = Parameters<KernelFunc>[0];

/** Swaps the two innermost axes (wasm runs this on its 2-D transpose path, batch by batch). */
function transposeInner(info: tf.TensorInfo): tf.Tensor {
  const perm = info.shape.map((_, i) => i);
  perm.push(perm.splice(-2, 1)[0]);
  return tf.tidy(() => tf.transpose(asTensor(info), perm));
}

/** Float32 with every axis before the last two of size 1: a product without batches. */
function unbatchedFloat32(t: TensorInfo): boolean {
  return t.dtype === 'float32' && t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);
}

/** The leading (size-1) axes the stock kernel gives an unbatched product's output: the higher rank's. */
function leadingAxes(a: TensorInfo, b: TensorInfo): number[] {
  return (a.shape.length >= b.shape.length ? a.shape : b.shape).slice(0, -2);
}

/**
 * Aᵀ·B of float32 operands without batches (every linear layer's weight gradient: x[K, M]ᵀ ·
 * dy[K, N]) as the filter gradient of a 1x1 conv over K pixels: sums of outer products
 * (conv-filter-grad-outer.ts) read both operands where they lie, where the GEMM path transposes A
 * and packs B on every call. Each output is summed over k in order either way, so the bits are
 * the GEMM's (batch-mat-mul.test.ts checks). Where M is not a multiple of 4 (the kernel's
 * tile; Mamba's dt_proj, M = dt_rank), A gets zero columns up to it, whose outputs are cut off
 * after: the others' terms are the same, in the same order. Null for batched operands and N not
 * a multiple of 8.
 */
function transposedAByOuterProducts(backend: WasmHeapBackend, a: TensorInfo, b: TensorInfo): tf.Tensor | TensorInfo | null {
  if (!unbatchedFloat32(a) || !unbatchedFloat32(b)) return null;
  const [K, M] = a.shape.slice(-2);
  const [Kb, N] = b.shape.slice(-2);
  if (K !== Kb || K === 0 || M === 0 || N === 0) return null;
  // Only A is widened: B's zero columns cost as much as its real ones (N = 38 measured no faster).
  const [Mp, Np] = [Math.ceil(M / 4) * 4, N];
  const info = tf.backend_util.computeConv2DInfo([1, 1, K, Mp], [1, 1, Mp, Np], 1, 1, 'valid');
  if (!outerProductsApply(info)) return null;
  const lead = leadingAxes(a, b);
  if (Mp === M && Np === N) {
    const out = filterGradByOuterProducts(backend, { ...a, shape: [1, 1, K, M] }, { ...b, shape: [1, 1, K, N] }, info);
    return { ...out, shape: [...lead, M, N] };
  }
  return tf.tidy(() => {
    const aPad = tf.pad(tf.reshape(asTensor(a), [K, M]), [[0, 0], [0, Mp - M]]);
    const bPad = tf.reshape(asTensor(b), [K, N]);
    // A new output: the tensor takes its only reference (tidy frees it once sliced).
    const out = tf.engine().makeTensorFromTensorInfo(filterGradByOuterProducts(backend, { ...aPad, shape: [1, 1, K, Mp] }, { ...bPad, shape: [1, 1, K, Np] }, info));
    return tf.reshape(tf.slice(tf.reshape(out, [Mp, Np]), [0, 0], [M, N]), [...lead, M, N]);
  });
}

/** Aᵀ·B with A this narrow (Mamba's dt_proj weight gradient, M = dt_rank) goes by (Bᵀ·A)ᵀ... */
const NARROW_A_COLUMNS = 8;
/**
 * ...where B holds at most this many values (2 MiB): the path holds a transposed copy of B, and
 * the outer products read B where it lies. nnMamba's stem at 224 px has a 100 MB B (the heap is
 * 4 GiB); at a B of 1 M values ([32768, 2]ᵀ[32768, 32] in the wasm-kernels bench) the two paths
 * measured level.
 */
const NARROW_MAX_B_VALUES = 1 << 19;

/**
 * Aᵀ·B of unbatched float32 operands where A has fewer than NARROW_A_COLUMNS columns and B at
 * most NARROW_MAX_B_VALUES values, as (Bᵀ·A)ᵀ on XNNPACK's GEMM: B[K, N] is transposed once (a
 * copy), A[K, M] is the small right operand that XNNPACK packs, and the [N, M] result is
 * transposed back. The outer-product kernel pads such an A to its 4-wide tile and has too little
 * work to share among threads (vim's [2080, 6]ᵀ·[2080, 192] took several times as long: README,
 * Speed, round seven). Each output is the same products summed over k in order, so the bits are
 * the other paths' (batch-mat-mul.test.ts). Null where it does not apply.
 */
function narrowTransposedA(backend: unknown, delegate: KernelFunc, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  if (!unbatchedFloat32(a) || !unbatchedFloat32(b)) return null;
  const [K, M] = a.shape.slice(-2);
  const [Kb, N] = b.shape.slice(-2);
  if (K !== Kb || M >= NARROW_A_COLUMNS || K * N > NARROW_MAX_B_VALUES || K * M * N === 0) return null;
  const lead = leadingAxes(a, b);
  return tf.tidy(() => {
    const bT = tf.transpose(tf.reshape(asTensor(b), [K, N]));
    const aPlain = tf.reshape(asTensor(a), [K, M]);
    const turned = tf.engine().makeTensorFromTensorInfo(delegate({
      inputs: { a: bT, b: aPlain }, attrs: { transposeA: false, transposeB: false }, backend,
    } as unknown as KernelArgs) as TensorInfo);
    return tf.reshape(tf.transpose(turned), [...lead, M, N]);
  });
}

/**
 * Wraps the stock wasm BatchMatMul. That kernel hands work to XNNPACK's GEMM only for
 * non-transposed, unbatched operands; with transposeA/transposeB set (every matMul gradient) it
 * falls back to a scalar loop, far slower (the wasm-kernels bench's stock Aᵀ·B and A·Bᵀ
 * columns). Transposing explicitly first is a cheap copy that keeps the product on the fast
 * path; batched products then go to XNNPACK one batch at a time (per-batch-mat-mul.ts), and
 * unbatched Aᵀ·B to sums of outer products (above), faster still. The
 * original config is passed in so the override can delegate to it and keep its setupFunc, which
 * binds the wasm function when the backend initialises.
 */
export function createBatchMatMulConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: BatchMatMulAttrs; backend: unknown }) => {
    const { inputs, attrs, backend } = args;
    const plain = !attrs.transposeA && !attrs.transposeB;
    if (plain && !perBatchApplies(inputs.a, inputs.b)) return delegate(args as unknown as KernelArgs);
    if (attrs.transposeA && !attrs.transposeB) {
      const out = narrowTransposedA(backend, delegate, inputs.a, inputs.b) ?? transposedAByOuterProducts(backend as WasmHeapBackend, inputs.a, inputs.b);
      if (out) return out;
    }
    const a = attrs.transposeA ? transposeInner(inputs.a) : null;
    const b = attrs.transposeB ? transposeInner(inputs.b) : null;
    try {
      const aPlain = a ?? inputs.a;
      const bPlain = b ?? inputs.b;
      if (perBatchApplies(aPlain, bPlain)) return multiplyPerBatch(backend as PerBatchBackend, aPlain, bPlain);
      // The delegate's output is a fresh TensorInfo that the engine wraps as the result.
      return delegate({
        inputs: { a: aPlain, b: bPlain },
        attrs: { ...attrs, transposeA: false, transposeB: false },
        backend,
      } as unknown as KernelArgs);
    } finally {
      a?.dispose();
      b?.dispose();
    }
  };
  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
