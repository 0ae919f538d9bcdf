import * as tf from '@tensorflow/tfjs-core';

/**
 * GPU memory held by the process, in bytes, on the webgpu backend; null on the others.
 * tfjs-backend-webgpu's buffer manager keeps freed buffers in a pool for reuse and never
 * returns them to the device, so the bytes it has allocated are both the process's GPU footprint
 * now and its high-water mark (PyTorch's reserved memory, not its allocated memory; the live
 * tensors are peakTensorBytes()). Read it after the work it should cover.
 */
export function gpuMemoryBytes(): number | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const bytes = (tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number }).numBytesAllocatedInGPU;
  return typeof bytes === 'number' ? bytes : null;
}
