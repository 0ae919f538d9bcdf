import {
  BatchMatMul,
  Sum,
  backend_util,
  getKernel,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from '../../wasm/tensor-io';

type KernelArgs = Parameters<KernelFunc>[0];

interface DisposingBackend extends WasmHeapBackend {
  disposeData(dataId: object): boolean;
}

/** The number of leading axes reduced when `axes` are exactly 0..k-1 with k < rank, else 0. */
export function leadingAxesReduced(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length < rank && sorted.every((axis, i) => axis === i) ? sorted.length : 0;
}

/**
 * Wraps the stock wasm Sum, which reduces only innermost axes and first transposes any other
 * reduction (with its own, untiled transpose), which made the column sums that every bias,
 * LayerNorm and D gradient takes over the leading axes slow (e.g. [32, 65, 192], [32, 1024, 32]).
 * A float32 sum over leading axes is here one XNNPACK product ones[1, rows] . x[rows, rest],
 * several times faster on those shapes. Other reductions go to the stock kernel.
 */
export function createSumConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SumAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    const axes = util.parseAxisParam(args.attrs.axis, x.shape);
    const k = leadingAxesReduced(axes, x.shape.length);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    if (x.dtype !== 'float32' || k === 0 || rows < 2 || util.sizeFromShape(x.shape) === 0) return delegate(args as unknown as KernelArgs);
    const backend = args.backend as DisposingBackend;
    const rest = x.shape.slice(k);
    const ones = backend.makeOutput([1, 1, rows], 'float32');
    backend.typedArrayFromHeap(ones).fill(1);
    try {
      // Our BatchMatMul (kernels/wasm/batch-mat-mul.ts) hands a plain unbatched product to XNNPACK.
      // Called as a kernel function, not through the engine: nothing lands on a gradient tape.
      const matMul = getKernel(BatchMatMul, 'wasm')!.kernelFunc;
      const out = matMul({
        inputs: { a: ones, b: { ...x, shape: [1, rows, util.sizeFromShape(rest)] } },
        attrs: { transposeA: false, transposeB: false },
        backend,
      } as unknown as KernelArgs) as TensorInfo;
      const shape = args.attrs.keepDims ? backend_util.expandShapeToKeepDim(rest, axes) : rest;
      return { ...out, shape };
    } finally {
      backend.disposeData(ones.dataId);
    }
  };
  return { ...original, kernelName: Sum, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
