// Builds the AssemblyScript SIMD kernels (assembly/<name>.ts) into build/. Run by
// `npm run build:wasm -w @mambabench/core`, which the root `prepare` script (npm ci) runs.
// - Own-memory modules (build/<name>.wasm): the JS side copies typed arrays in and out; they
//   serve any backend (the selective scan, batch norm).
// - Heap modules: they import tfjs-backend-wasm's memory and work on tensors where they lie, in
//   two builds: build/<name>.heap.wasm for its single-threaded build (a plain memory) and
//   build/<name>.shared.wasm for its threaded build (a shared memory, which a module must
//   declare as shared, with a maximum: 65536 pages = 4 GiB, the wasm32 limit, so any heap fits).
//   They must not carry data segments (they would be written over tfjs's own memory at address
//   0): src/wasm/heap-module.test.ts checks.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const ownMemory = ['selective-scan', 'batch-norm'];
// The selective scan is both: own-memory for the cpu backend, on the heap (batch rows over the
// backend's threads) for wasm.
const onHeap = ['depthwise-conv2d', 'softplus', 'silu-grad', 'transpose', 'outer-product-sum', 'selective-scan', 'column-sum', 'adamw', 'copy-runs', 'winograd'];
const common = ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--enable', 'simd'];
const heap = ['--importMemory', '--initialMemory', '0'];
const shared = [...heap, '--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];

const build = (name, output, flags) =>
  execFileSync(process.execPath, [asc, join('assembly', `${name}.ts`), '-o', join('build', output), ...common, ...flags], { cwd: root, stdio: 'inherit' });

mkdirSync(join(root, 'build'), { recursive: true });
for (const name of ownMemory) build(name, `${name}.wasm`, []);
for (const name of onHeap) {
  build(name, `${name}.heap.wasm`, heap);
  build(name, `${name}.shared.wasm`, shared);
}
console.log(`built ${ownMemory.length} own-memory and ${onHeap.length} heap WebAssembly modules into build/`);
