import type { RunStatus } from '@mambabench/report';

/**
 * How each backend says it ran out of memory:
 * - wasm: Emscripten's abort when the 4 GiB heap cannot grow ("Aborted(OOM)", "Cannot enlarge
 *   memory arrays"), XNNPACK's xnn_status_out_of_memory (6) behind tfjs's "XNN status ... Got
 *   status 6", the scratch allocator of our own heap kernels, and V8's "WebAssembly.Memory.grow()"
 *   / "Array buffer allocation failed" RangeErrors;
 * - webgpu: the uncaptured-error handler's "WebGPU error: ..." line carrying a GPUOutOfMemoryError
 *   ("Out of memory", "OOM", "out of device memory");
 * - Node itself: "JavaScript heap out of memory"; PyTorch-style "RESOURCE_EXHAUSTED" in records
 *   imported from the peer.
 */
const OUT_OF_MEMORY = [
  /Aborted\(OOM\)/,
  /Cannot enlarge memory/i,
  /XNN status for \w+ is not successful\. Got status 6\b/,
  /wasm heap: could not allocate/,
  /WebAssembly\.Memory\.grow\(\)|Array buffer allocation failed/,
  /out of (device )?memory/i,
  /\bOOM\b/,
  /RESOURCE_EXHAUSTED/,
];

/** 'oom' when an error (or a dead run's stderr) says memory ran out, else 'failed'. */
export function failureStatus(errorText: string): Extract<RunStatus, 'oom' | 'failed'> {
  return OUT_OF_MEMORY.some((re) => re.test(errorText)) ? 'oom' : 'failed';
}
