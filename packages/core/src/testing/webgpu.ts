import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend';
import { requestWebGpuAdapter, adapterLabel } from '../webgpu/dawn';

/**
 * Whether this process can run the webgpu suite: an adapter (hardware, or lavapipe prepared by
 * `eval "$(bash tools/webgpu/lavapipe.sh)"`, which .ci/run does). Where it cannot, the suite
 * skips and says why on stderr, never silently.
 */
export async function webGpuTestAdapter(suite: string): Promise<string | null> {
  const found = await requestWebGpuAdapter();
  if (!found.adapter) {
    console.warn(`\n!!! SKIPPED webgpu suite "${suite}": ${found.reason}. ` +
      'Prepare software Vulkan with: eval "$(bash tools/webgpu/lavapipe.sh)"\n');
    return null;
  }
  const label = adapterLabel(found.record);
  console.log(`webgpu suite "${suite}" on adapter: ${label}`);
  return label;
}

/**
 * Switches to webgpu for a correctness test: every op on the GPU (tfjs otherwise runs small
 * ops on the CPU when their inputs are there), so the kernels under test are the GPU ones.
 */
export async function useWebGpu(): Promise<void> {
  await initBackend('webgpu');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
}

/** A tensor's values read asynchronously: the only read the webgpu backend allows in Node. */
export async function valuesAsync(t: tf.Tensor): Promise<number[]> {
  return Array.from((await t.data()) as Float32Array);
}
