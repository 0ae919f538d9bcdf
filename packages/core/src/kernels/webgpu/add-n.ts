import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs-backend-webgpu's AddN binds every input as its own storage buffer; past the device's
 * per-shader limit (WebGPU guarantees only 8, output included) the pipeline is invalid, and
 * WebGPU does not throw: the op silently returns stale data. This wraps the stock kernel to add
 * at most 7 inputs per call, then the partial sums the same way.
 */
export const ADD_N_MAX_INPUTS = 7;

export function registerChunkedAddN(): void {
  const stock = tf.getKernel('AddN', 'webgpu');
  if (!stock) throw new Error('tfjs-backend-webgpu registered no AddN kernel');
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: (args) => {
      let terms = Object.values(args.inputs) as tf.TensorInfo[];
      const made: tf.TensorInfo[] = [];
      while (terms.length > ADD_N_MAX_INPUTS) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < terms.length; i += ADD_N_MAX_INPUTS) {
          const group = terms.slice(i, i + ADD_N_MAX_INPUTS);
          next.push(group.length === 1 ? group[0] : stock.kernelFunc({ ...args, inputs: group as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo);
        }
        made.push(...next.filter((t) => !terms.includes(t)));
        terms = next;
      }
      const out = stock.kernelFunc({ ...args, inputs: terms as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
      for (const t of made) (args.backend as tf.KernelBackend).disposeData(t.dataId);
      return out;
    },
  });
}
