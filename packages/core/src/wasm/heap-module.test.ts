import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { ascModulePath } from './asc-module';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf, withScratch, type WasmHeap } from './heap-module';

const HEAP_MODULES = ['depthwise-conv2d', 'softplus', 'silu-grad', 'transpose', 'outer-product-sum', 'selective-scan', 'column-sum', 'adamw', 'copy-runs'];

/** Section ids of a wasm binary, in order (header: 8 bytes; then id byte + LEB128 size each). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let p = 8;
  while (p < bytes.length) {
    ids.push(bytes[p++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[p++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    p += size;
  }
  return ids;
}

describe('heap modules (AssemblyScript over tfjs-backend-wasm\'s memory)', () => {
  it.each(HEAP_MODULES.flatMap((name) => [[name, 'heap'], [name, 'shared']]))('%s.%s imports only env.memory and writes no data segment', (name, variant) => {
    expect(heapModuleBuilt(name)).toBe(true);
    const bytes = readFileSync(ascModulePath(`${name}.${variant}`));
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // Data (11) or data-count (12) sections would be written over tfjs's memory from address 0.
    const ids = sectionIds(bytes);
    expect(ids).not.toContain(11);
    expect(ids).not.toContain(12);
  });

  it('the shared build runs on a shared memory (as the threaded tfjs build has)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const heap: WasmHeap = { memory, shared: true, malloc: () => 0, free: () => undefined };
    const { softplus } = instantiateOnHeap<{ softplus(x: number, y: number, n4: number): void }>('softplus', heap);
    const x = new Float32Array(memory.buffer, 64, 8);
    x.set([-20, -3, -0.5, 0, 0.5, 3, 20, 1]);
    softplus(64, 256, 8);
    const y = new Float32Array(memory.buffer, 256, 8);
    x.forEach((v, i) => expect(y[i]).toBeCloseTo(v > 13.9 ? v : Math.log1p(Math.exp(v)), 6));
  });

  it('reads heap addresses from 2 GiB up as unsigned (emscripten\'s malloc returns an i32)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const freed: number[] = [];
    const backend = { wasm: { asm: { memory }, _malloc: () => 0x8100_0000 | 0, _free: (p: number) => freed.push(p) } };
    const heap = wasmHeapOf(backend);
    expect(withScratch(heap, 64, (p) => p)).toBe(0x8100_0000);
    expect(freed).toHaveLength(1);
  });

  it('instantiates once per memory', () => {
    const heap: WasmHeap = { memory: new WebAssembly.Memory({ initial: 1 }), shared: false, malloc: () => 0, free: () => undefined };
    expect(instantiateOnHeap('softplus', heap)).toBe(instantiateOnHeap('softplus', heap));
  });

  it('finds the wasm backend\'s heap, frees scratch when the work throws, and refuses other backends', async () => {
    await tf.setBackend('wasm');
    const heap = wasmHeapOf(tf.backend());
    expect(heap.shared).toBe(false); // tfjs's single-threaded build unless threads were started
    let pointer = 0;
    expect(() => withScratch(heap, 1024, (p) => { pointer = p; throw new Error('kernel failed'); })).toThrow('kernel failed');
    // dlmalloc hands the freed block straight back.
    expect(withScratch(heap, 1024, (p) => p)).toBe(pointer);
    await tf.setBackend('cpu');
    expect(() => wasmHeapOf(tf.backend())).toThrow(/no WebAssembly memory/);
  });
});
