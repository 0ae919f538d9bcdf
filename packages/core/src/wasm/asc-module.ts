import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Our own WebAssembly SIMD kernels, written in AssemblyScript (packages/core/assembly/*.ts) and
 * compiled into packages/core/build/ by `npm run build:wasm -w @mambabench/core`, which `npm ci`
 * runs through the root `prepare` script. The own-memory modules here (selective scan, batch
 * norm) export their memory and plain functions over byte offsets into it; the JS side lays data
 * out with an Arena. The wasm-only kernels instead work on tfjs's heap (heap-module.ts).
 */
export function ascModulePath(name: string): string {
  return fileURLToPath(new URL(`../../build/${name}.wasm`, import.meta.url));
}

const built = new Map<string, boolean>();

/** Whether the module's .wasm exists; asked on hot paths (every batch norm), so the answer is cached per process. */
export function ascModuleBuilt(name: string): boolean {
  let answer = built.get(name);
  if (answer === undefined) built.set(name, (answer = existsSync(ascModulePath(name))));
  return answer;
}

export function missingModuleHelp(name: string): string {
  return `${ascModulePath(name)} is missing: run \`npm run build:wasm -w @mambabench/core\` (npm ci runs it)`;
}

export function instantiateAscModule<T>(name: string): T & { memory: WebAssembly.Memory } {
  if (!ascModuleBuilt(name)) throw new Error(`The ${name} WebAssembly kernel is not built. ${missingModuleHelp(name)}`);
  const bytes = readFileSync(ascModulePath(name));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {});
  return instance.exports as unknown as T & { memory: WebAssembly.Memory };
}

/** Lays out named arrays back to back (16-byte aligned) in a module's memory, growing it to fit. */
export class Arena {
  private readonly offsets = new Map<string, number>();
  private end = 0;
  constructor(private readonly memory: WebAssembly.Memory) {}

  alloc(name: string, elements: number, bytesPerElement = 4): this {
    this.offsets.set(name, this.end);
    this.end += Math.ceil((elements * bytesPerElement) / 16) * 16;
    return this;
  }
  /** Bytes allocated so far (the size of a scratch block laid out with this arena). */
  get bytes(): number {
    return this.end;
  }
  /** Grows memory to fit everything allocated; call before taking views. */
  commit(): this {
    const need = Math.ceil(this.end / 65536) - this.memory.buffer.byteLength / 65536;
    if (need > 0) this.memory.grow(need);
    return this;
  }
  ptr(name: string): number {
    const p = this.offsets.get(name);
    if (p === undefined) throw new Error(`Arena: nothing allocated as "${name}"`);
    return p;
  }
  f32(name: string, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.ptr(name), length);
  }
  f64(name: string, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.ptr(name), length);
  }
}
