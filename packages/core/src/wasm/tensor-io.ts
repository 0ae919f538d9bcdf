import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm used to reach tensor memory without copies (views are typed by the tensor's dtype). */
export interface WasmHeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Where a tensor's data starts in the wasm heap, in bytes: what our heap kernels take. */
export function heapOffset(backend: WasmHeapBackend, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
}

function heapBackend(): WasmHeapBackend | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmHeapBackend) : null;
}

/**
 * A float32 tensor's values without a copy where the backend allows it: on wasm a view on the
 * backend's heap, on cpu its own array (dataSync elsewhere). Read-only, and valid only until
 * the next tfjs call (the wasm heap may grow and move): copy out at once.
 */
export function readFloat32(t: tf.Tensor): Float32Array {
  const wasm = heapBackend();
  return wasm ? wasm.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
}

/** A new float32 tensor holding `values`, written straight into the backend's memory on wasm. */
export function tensorFromFloat32(values: Float32Array, shape: number[]): tf.Tensor {
  const wasm = heapBackend();
  if (!wasm) return tf.tensor(values.slice(), shape, 'float32');
  const info = wasm.makeOutput(shape, 'float32');
  wasm.typedArrayFromHeap(info).set(values);
  return tf.engine().makeTensorFromTensorInfo(info);
}
