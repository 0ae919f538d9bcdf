import { util, type TensorInfo } from '@tensorflow/tfjs-core';

interface TensorData {
  id: number;
  memoryOffset: number;
}

/** The parts of tfjs-backend-wasm's BackendWasm used to point tensors into another tensor's memory. */
export interface PerBatchBackend {
  dataIdMap: { get(dataId: object): TensorData; delete(dataId: object): boolean };
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): TensorInfo;
  wasm: {
    cwrap(name: string, returns: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { disposeData(id: number): void };
  };
}

/**
 * Below this many multiply-adds per batch the scalar loop wins: each XNNPACK call creates an
 * operator and packs its right operand anew, which a small product does not repay. Measured on
 * wasm with B transposed: at [128] 16x32x16 (8 K per batch) the stock loop won, at [128]
 * 49x32x49 (77 K) one GEMM per batch won by far.
 */
const MIN_MACS_PER_BATCH = 32 * 1024;

const batchSize = (shape: number[]) => util.sizeFromShape(shape.slice(0, -2));

/**
 * Float32, non-transposed, batch > 1, batch dims equal or one side of batch 1, and big enough
 * per batch. Other broadcasts stay with the stock kernel.
 */
export function perBatchApplies(a: TensorInfo, b: TensorInfo): boolean {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return false;
  const batchA = batchSize(a.shape);
  const batchB = batchSize(b.shape);
  if (Math.max(batchA, batchB) === 1) return false;
  const sameBatch = util.arraysEqual(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!sameBatch && batchA !== 1 && batchB !== 1) return false;
  const [m, k] = a.shape.slice(-2);
  return m * k * b.shape[b.shape.length - 1] >= MIN_MACS_PER_BATCH;
}

const wrapped = new WeakMap<object, (...args: unknown[]) => void>();

/** tfjs-backend-wasm's exported BatchMatMul(aId, aShape, aRank, bId, bShape, bRank, transposeA, transposeB, outId). */
function wasmBatchMatMul(backend: PerBatchBackend): (...args: unknown[]) => void {
  let fn = wrapped.get(backend.wasm);
  if (!fn) {
    fn = backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
    wrapped.set(backend.wasm, fn);
  }
  return fn;
}

/**
 * Runs fn with float32 tensors registered over heap memory (byte offsets; no copies), passing
 * their ids, and unregisters them afterwards without freeing: the memory belongs to whoever
 * passed it. Unregistering also drops the XNNPACK operator tfjs cached for a right operand.
 */
export function withViews<R>(backend: PerBatchBackend, views: Array<{ at: number; shape: number[] }>, fn: (ids: number[]) => R): R {
  const infos = views.map((v) => backend.makeOutput(v.shape, 'float32', v.at));
  const ids = infos.map((v) => backend.dataIdMap.get(v.dataId).id);
  try {
    return fn(ids);
  } finally {
    infos.forEach((info, i) => {
      backend.wasm.tfjs.disposeData(ids[i]);
      backend.dataIdMap.delete(info.dataId);
    });
  }
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/**
 * out[rows, n] = a[rows, k] . b[k, n] on XNNPACK's GEMM, for registered tensors (ids). XNNPACK
 * packs b into its own layout when it first sees b's id (a cost per element of b), and tfjs
 * caches that per id: products that share a right operand should share its view.
 */
export function gemmByIds(backend: PerBatchBackend, aId: number, rows: number, k: number, bId: number, n: number, outId: number): void {
  wasmBatchMatMul(backend)(aId, shapeBytes([1, rows, k]), 3, bId, shapeBytes([1, k, n]), 3, false, false, outId);
}

/** gemmByIds over byte offsets: a [rows, k] at aAt, b [k, n] at bAt, out [rows, n] at outAt. */
export function gemmAt(backend: PerBatchBackend, aAt: number, rows: number, k: number, bAt: number, n: number, outAt: number): void {
  const views = [{ at: aAt, shape: [1, rows, k] }, { at: bAt, shape: [1, k, n] }, { at: outAt, shape: [1, rows, n] }];
  withViews(backend, views, ([a, b, out]) => gemmByIds(backend, a, rows, k, b, n, out));
}

/**
 * out[i] = a[i] . b[i] as one XNNPACK GEMM per batch (gemmAt over each batch's slices): the stock
 * kernel sends every batched product to a scalar loop, far slower than one 2-D product (the
 * wasm-kernels bench's [8] 256x256x256 matMul row). A shared right operand (b of batch 1) makes
 * the whole batch one GEMM over stacked rows.
 */
export function multiplyPerBatch(backend: PerBatchBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const batchA = batchSize(a.shape);
  const batchB = batchSize(b.shape);
  const batch = Math.max(batchA, batchB);
  const outShape = [...(batchA >= batchB ? a.shape : b.shape).slice(0, -2), m, n];
  const out = backend.makeOutput(outShape, 'float32');
  const offset = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  if (batchB === 1) {
    gemmAt(backend, offset(a), batch * m, k, offset(b), n, offset(out));
    return out;
  }
  for (let i = 0; i < batch; i++) {
    const aAt = offset(a) + (batchA === 1 ? 0 : i * m * k * 4);
    gemmAt(backend, aAt, m, k, offset(b) + i * k * n * 4, n, offset(out) + i * m * n * 4);
  }
  return out;
}
