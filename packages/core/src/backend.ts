import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './register-gradients';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './kernels/wasm/register';
import { defaultThreadCount, prepareWasmThreads } from './wasm-threads';
import { adapterLabel, registerWebGpuBackend, requestWebGpuAdapter, vulkanLoaderFound, type GpuAdapterRecord } from './webgpu/dawn';
import { registerWebGpuKernels } from './kernels/webgpu/register';

/**
 * The one place that picks a tfjs backend.
 * - wasm: @tensorflow/tfjs-backend-wasm (SIMD), plus the gradient kernels it lacks; the default.
 * - cpu: the pure-JS reference backend; slow, used to check the others.
 * - webgpu: @tensorflow/tfjs-backend-webgpu on Dawn (the `webgpu` package): any GPU with a
 *   Vulkan, Metal or D3D12 driver, or lavapipe (software Vulkan) when forced.
 * - tensorflow: the native libtensorflow binding, only when the user installed
 *   @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node themselves (see TENSORFLOW_HELP).
 * - auto: webgpu on a hardware adapter, else tensorflow if loadable, else wasm, else cpu.
 */
// PROD silences the cpu backend's "install tfjs-node" banner; mambabench explains backends itself.
tf.env().set('PROD', true);

export const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export const TENSORFLOW_HELP =
  "The 'tensorflow' backend needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node, which " +
  'mambabench does not install: their install script downloads libtensorflow from outside npm. ' +
  'Where that download works, run `npm install --no-save @tensorflow/tfjs-node@4.22.0` ' +
  '(or -gpu) in the workspace root and pass `--backend tensorflow`; `auto` then picks it.';

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

async function loadNative(): Promise<string | null> {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier keeps bundlers and tsc from resolving an optional package.
      const specifier = pkg;
      await import(specifier);
    } catch {
      continue;
    }
    if (!tf.findBackendFactory('tensorflow')) {
      throw new Error(
        `${pkg} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core ` +
          `(${tf.version_core}); install the 4.22.0 release so both share one tfjs-core.`,
      );
    }
    return pkg;
  }
  return null;
}

export interface BackendInfo {
  /** The backend tfjs runs on: 'webgpu', 'wasm', 'cpu' or 'tensorflow'. */
  name: string;
  /** What was loaded, for logs and the report's environment section. */
  detail: string;
  /** Threads tfjs's own kernels use (wasm: XNNPACK's pool; 1 for cpu). */
  threads: number;
  /** The GPU adapter the webgpu backend runs on; null elsewhere. */
  adapter: GpuAdapterRecord | null;
  /** Why auto did not pick webgpu (no adapter, or a software one), for the log. */
  notes: string[];
}

export interface BackendOptions {
  /** wasm threads; default MAMBABENCH_THREADS, else all cores (a sweep with --jobs J gives each run cores / J). */
  threads?: number;
}

export async function initBackend(choice: BackendChoice = 'auto', options: BackendOptions = {}): Promise<BackendInfo> {
  if (!BACKENDS.includes(choice)) {
    throw new Error(`Unknown backend "${choice}"; expected one of ${BACKENDS.join(', ')}`);
  }
  const notes: string[] = [];
  if (choice === 'auto' && !vulkanLoaderFound()) notes.push('auto: no WebGPU: no Vulkan loader (libvulkan.so.1) on this machine');
  else if (choice === 'webgpu' || choice === 'auto') {
    const found = await requestWebGpuAdapter();
    if (found.adapter && (choice === 'webgpu' || !found.record.software)) {
      await registerWebGpuBackend(found.adapter);
      registerWebGpuKernels();
      await activate('webgpu');
      const a = found.record;
      return { name: 'webgpu', detail: `@tensorflow/tfjs-backend-webgpu ${tf.version_core} on Dawn, ${adapterLabel(a)}`, threads: 1, adapter: a, notes };
    }
    if (choice === 'webgpu') throw new Error(`Backend 'webgpu' is not available: ${found.adapter ? 'unreachable' : found.reason}`);
    notes.push(found.adapter ? `auto: skipped the software WebGPU adapter ${adapterLabel(found.record)} (--backend webgpu forces it)` : `auto: no WebGPU: ${found.reason}`);
  }
  if (choice === 'tensorflow' || choice === 'auto') {
    const pkg = await loadNative();
    if (pkg) {
      await activate('tensorflow');
      return { name: 'tensorflow', detail: `${pkg} (native libtensorflow)`, threads: os.availableParallelism(), adapter: null, notes };
    }
    if (choice === 'tensorflow') throw new Error(`Backend 'tensorflow' is not available. ${TENSORFLOW_HELP}`);
  }
  if (choice === 'wasm' || choice === 'auto') {
    const threads = options.threads ?? defaultThreadCount();
    const restore = prepareWasmThreads(threads);
    try {
      registerWasmTrainingKernels();
      await activate('wasm');
      const actual = getThreadsCount();
      const build = actual > 1 ? `threaded SIMD, ${actual} threads` : 'SIMD, 1 thread';
      return { name: 'wasm', detail: `@tensorflow/tfjs-backend-wasm ${tf.version_core} (${build}, composed gradient kernels)`, threads: actual, adapter: null, notes };
    } catch (error) {
      if (choice === 'wasm') throw error;
    } finally {
      restore();
    }
  }
  await activate('cpu');
  return { name: 'cpu', detail: `@tensorflow/tfjs-backend-cpu ${tf.version_core} (pure JS)`, threads: 1, adapter: null, notes };
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  // A failed setBackend can leave getBackend() naming the backend it failed to start.
  if (!ok || tf.getBackend() !== name || !(tf.engine() as unknown as { backendInstance?: unknown }).backendInstance) throw new Error(`tfjs could not initialise the '${name}' backend`);
}
