import * as tf from '@tensorflow/tfjs-core';
import type { WebGpuBackendLike, WgslProgram } from './program';
import { scanShape, type ScanShape } from './scan-shapes';
import { scanStatesProgram } from './selective-scan-states';
import { scanOutputProgram } from './selective-scan-output';
import { scanBackwardProgram } from './selective-scan-backward';
import { registerChunkedAddN } from './add-n';
import {
  scanChunkBackwardProgram, scanChunkCombineProgram, scanChunkGradCarryProgram, scanChunkLocalProgram,
} from './selective-scan-chunked';

/** Attributes of the scan kernels: (B, L, D, N) and the checkpoint interval T. */
export interface ScanKernelAttrs {
  [key: string]: number;
  B: number; L: number; D: number; N: number; T: number;
}

export const SCAN_STATES = 'MambabenchScanStates';
export const SCAN_OUTPUT = 'MambabenchScanOutput';
export const SCAN_BACKWARD = 'MambabenchScanBackward';
export const SCAN_CHUNK_LOCAL = 'MambabenchScanChunkLocal';
export const SCAN_CHUNK_GRAD_CARRY = 'MambabenchScanChunkGradCarry';
export const SCAN_CHUNK_COMBINE_FORWARD = 'MambabenchScanChunkCombineForward';
export const SCAN_CHUNK_COMBINE_REVERSE = 'MambabenchScanChunkCombineReverse';
export const SCAN_CHUNK_BACKWARD = 'MambabenchScanChunkBackward';

const KERNELS: Array<[string, (s: ScanShape) => WgslProgram, string[]]> = [
  [SCAN_STATES, scanStatesProgram, ['u', 'delta', 'params', 'bmat']],
  [SCAN_OUTPUT, scanOutputProgram, ['u', 'delta', 'params', 'bmat', 'cmat', 'states']],
  [SCAN_BACKWARD, scanBackwardProgram, ['u', 'delta', 'params', 'bmat', 'cmat', 'states', 'dy']],
  [SCAN_CHUNK_LOCAL, scanChunkLocalProgram, ['u', 'delta', 'params', 'bmat']],
  [SCAN_CHUNK_GRAD_CARRY, scanChunkGradCarryProgram, ['delta', 'params', 'cmat', 'dy']],
  [SCAN_CHUNK_COMBINE_FORWARD, (s) => scanChunkCombineProgram(s, false), ['params', 'packed']],
  [SCAN_CHUNK_COMBINE_REVERSE, (s) => scanChunkCombineProgram(s, true), ['params', 'packed']],
  [SCAN_CHUNK_BACKWARD, scanChunkBackwardProgram, ['u', 'delta', 'params', 'bmat', 'cmat', 'stc', 'dy']],
];

/**
 * WebGPU does not throw when a buffer is bound past the device's limit (lavapipe's is 128 MiB):
 * the pipeline is invalid and the op silently returns stale data. Our outputs are checked here.
 */
function assertFitsBinding(kernel: string, bytes: number, backend: WebGpuBackendLike, shape: Record<string, number>): void {
  const limit = backend.device?.limits.maxStorageBufferBindingSize;
  if (limit && bytes > limit) {
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    throw new Error(`selectiveScan on webgpu: ${kernel} needs a ${mib(bytes)} buffer for (B, L, D, N) = ` +
      `(${Object.values(shape).join(', ')}), above this adapter's ${mib(limit)} storage-binding limit; use a smaller batch or image size`);
  }
}

let registered = false;

/** Registers mambabench's own WGSL kernels, and its fix of AddN, for the webgpu backend (once per process). */
export function registerWebGpuKernels(): void {
  if (registered) return;
  registered = true;
  registerChunkedAddN();
  for (const [kernelName, program, inputNames] of KERNELS) {
    tf.registerKernel({
      kernelName,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { B, L, D, N, T } = attrs as unknown as ScanKernelAttrs;
        const ordered = inputNames.map((name) => {
          const t = (inputs as Record<string, tf.TensorInfo | undefined>)[name];
          if (!t) throw new Error(`${kernelName}: missing input '${name}'`);
          return t;
        });
        const p = program(scanShape(B, L, D, N, T));
        assertFitsBinding(kernelName, p.outputShape[0] * 4, backend as unknown as WebGpuBackendLike, { B, L, D, N });
        return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(p, ordered, 'float32', p.uniformData);
      },
    });
  }
}
