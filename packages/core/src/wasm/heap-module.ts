import { existsSync, readFileSync } from 'node:fs';
import { ascModulePath, missingModuleHelp } from './asc-module';

/** The parts of tfjs-backend-wasm's emscripten module that heap modules use. */
interface EmscriptenModule {
  /** The threaded build's (shared) memory. */
  wasmMemory?: WebAssembly.Memory;
  /** The single-threaded build exports its memory from the wasm instance. */
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/** tfjs-backend-wasm's memory and allocator. */
export interface WasmHeap {
  memory: WebAssembly.Memory;
  shared: boolean;
  malloc(bytes: number): number;
  free(pointer: number): void;
}

/** The heap of a tfjs-backend-wasm backend instance (tf.backend() while 'wasm' is active). */
export function wasmHeapOf(backend: unknown): WasmHeap {
  const module = (backend as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!module || !(memory instanceof WebAssembly.Memory)) {
    throw new Error('wasmHeapOf: the backend has no WebAssembly memory (is tf.getBackend() "wasm"?)');
  }
  return {
    memory,
    shared: typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer,
    // emscripten's malloc returns an i32: addresses from 2 GiB up arrive negative.
    malloc: (bytes) => module._malloc(bytes) >>> 0,
    free: (pointer) => module._free(pointer),
  };
}

const variant = (name: string, shared: boolean) => `${name}.${shared ? 'shared' : 'heap'}`;

const built = new Map<string, boolean>();

/** Whether both builds of heap module `name` exist (cached: asked on hot paths). */
export function heapModuleBuilt(name: string): boolean {
  let answer = built.get(name);
  if (answer === undefined) {
    answer = existsSync(ascModulePath(variant(name, false))) && existsSync(ascModulePath(variant(name, true)));
    built.set(name, answer);
  }
  return answer;
}

/** Our heap modules (scripts/build-wasm.mjs builds each as .heap.wasm and .shared.wasm). */
export const HEAP_MODULES = ['depthwise-conv2d', 'softplus', 'silu-grad', 'transpose', 'outer-product-sum', 'selective-scan', 'column-sum', 'adamw', 'copy-runs', 'winograd'] as const;

const compiled = new Map<string, WebAssembly.Module>();

/** Heap module `name` compiled (once per process) for a shared or a plain memory. */
export function compileHeapModule(name: string, shared: boolean): WebAssembly.Module {
  const file = variant(name, shared);
  let module = compiled.get(file);
  if (!module) {
    if (!heapModuleBuilt(name)) throw new Error(`The ${name} WebAssembly kernel is not built. ${missingModuleHelp(file)}`);
    module = new WebAssembly.Module(readFileSync(ascModulePath(file)) as Uint8Array<ArrayBuffer>);
    compiled.set(file, module);
  }
  return module;
}

const instances = new WeakMap<WebAssembly.Memory, Map<string, unknown>>();

/**
 * Heap module `name` instantiated over `heap`'s memory (once per memory): its functions take
 * byte offsets of tensors in the tfjs heap, so nothing is copied in or out.
 */
export function instantiateOnHeap<T>(name: string, heap: WasmHeap): T {
  let byName = instances.get(heap.memory);
  if (!byName) instances.set(heap.memory, (byName = new Map()));
  let exports = byName.get(name) as T | undefined;
  if (!exports) {
    const module = compileHeapModule(name, heap.shared);
    exports = new WebAssembly.Instance(module, { env: { memory: heap.memory } }).exports as unknown as T;
    byName.set(name, exports);
  }
  return exports;
}

/**
 * Runs fn with `bytes` of scratch memory from tfjs's allocator, freed afterwards. Allocating may
 * grow the heap and so replace its buffer: take typed-array views inside fn, after this call.
 */
export function withScratch<R>(heap: WasmHeap, bytes: number, fn: (pointer: number) => R): R {
  const pointer = heap.malloc(Math.max(bytes, 16));
  if (pointer === 0) throw new Error(`wasm heap: could not allocate ${bytes} bytes of kernel scratch`);
  try {
    return fn(pointer);
  } finally {
    heap.free(pointer);
  }
}
