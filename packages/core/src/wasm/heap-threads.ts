import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { compileHeapModule, HEAP_MODULES, heapModuleBuilt, type WasmHeap } from './heap-module';
import { HeapPool } from './heap-pool';

/**
 * The pool (heap-pool.ts) that spreads our heap kernels over the wasm backend's threads: one per
 * process, over the threaded build's shared heap, with as many shares as the backend has threads.
 * The single-threaded build (a plain memory) and 1-thread runs get none and take the one-thread
 * path.
 * Off unless MAMBABENCH_HEAP_POOL=on (or 1, true; the CLI's --heap-pool): on the 2-core machine our kernels ran 1.4-1.9x faster on
 * two threads alone (the wasm-kernels bench's last table) and 1.2-1.35x within a train step, but
 * train steps as a whole measured no faster (alternating steps in one process; the machine was
 * shared), so the default stays the one-thread path until a quiet or larger machine shows a gain.
 */
let current: { memory: WebAssembly.Memory; pool: HeapPool } | null = null;
let enabled = ['on', '1', 'true'].includes(process.env.MAMBABENCH_HEAP_POOL ?? '');

function backendThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1; // not initialised: a heap given by a test
  }
}

/** Turns the pool's use on or off for this process (benchmarks alternate both); off leaves its workers asleep. */
export function setHeapPoolEnabled(on: boolean): void {
  enabled = on;
}

/** The pool for `heap`, started on first use; null where our kernels run on the calling thread only. */
export function heapPoolFor(heap: WasmHeap): HeapPool | null {
  if (!enabled || !heap.shared) return null;
  if (current && current.memory === heap.memory && !current.pool.closed) return current.pool;
  const threads = backendThreads();
  if (threads < 2) return null;
  closeHeapPool();
  const modules = HEAP_MODULES.filter(heapModuleBuilt).map((name) => {
    const module = compileHeapModule(name, true);
    const exports = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    return { name, module, exports };
  });
  current = { memory: heap.memory, pool: new HeapPool(heap.memory, modules, threads) };
  return current.pool;
}

/** Stops the pool's workers; the next heap kernel call starts a new pool if one applies. */
export function closeHeapPool(): void {
  current?.pool.close();
  current = null;
}
