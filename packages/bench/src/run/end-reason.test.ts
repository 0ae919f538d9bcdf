import { describe, expect, it } from 'vitest';
import { failureStatus } from './end-reason';

describe('failureStatus', () => {
  it.each([
    // Emscripten's abort when the wasm heap cannot grow, as tfjs-backend-wasm's glue words it.
    'RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.',
    'Aborted(Cannot enlarge memory arrays to size 4294967296 bytes (OOM).)',
    // XNNPACK's xnn_status_out_of_memory behind tfjs's message.
    'XNN status for xnn_create_convolution2d_nhwc_f32 is not successful. Got status 6. Use -c dbg to see XNN logs.',
    // Our heap kernels' scratch allocator (core/src/wasm/heap-module.ts).
    'wasm heap: could not allocate 268435456 bytes of kernel scratch',
    'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded',
    'RangeError: Array buffer allocation failed',
    // The webgpu uncaptured-error handler (core/src/webgpu/dawn.ts) with a GPUOutOfMemoryError.
    'WebGPU error (out of memory): Failed to allocate buffer (stopping: results computed after a WebGPU error are not trustworthy)',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    'RESOURCE_EXHAUSTED: OOM when allocating tensor with shape [32,384,196,16]',
  ])('out of memory: %s', (text) => {
    expect(failureStatus(text)).toBe('oom');
  });

  it.each([
    'batch_size 32 is larger than the 16 training images (drop_last leaves no batch)',
    'RuntimeError: Aborted(Assertion failed: false). Build with -sASSERTIONS for more info.',
    'XNN status for xnn_setup_convolution2d_nhwc_f32 is not successful. Got status 2. Use -c dbg to see XNN logs.',
    'WebGPU error: Binding size (1073741824) is larger than the maximum binding size',
    'run process exited with code -1: (no output for 30 min: presumed hung, e.g. a wasm heap that ran out without an error; killed. MAMBABENCH_STALL_MINUTES sets the limit)',
    'model BOOMER not found',
  ])('failed: %s', (text) => {
    expect(failureStatus(text)).toBe('failed');
  });
});
