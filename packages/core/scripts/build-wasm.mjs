// Builds the AssemblyScript SIMD kernels (assembly/<name>.ts) into build/<name>.wasm, each with
// its own memory (the JS side copies tensors in and out). Run by
// `npm run build:wasm -w @mambabench/core`, which the root `prepare` script (npm ci) runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const modules = ['selective-scan', 'batch-norm', 'depthwise-conv2d', 'softplus'];
const common = ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--enable', 'simd'];

mkdirSync(join(root, 'build'), { recursive: true });
for (const name of modules) {
  const source = join('assembly', `${name}.ts`);
  execFileSync(process.execPath, [asc, source, '-o', join('build', `${name}.wasm`), ...common], { cwd: root, stdio: 'inherit' });
}
console.log(`built ${modules.length} WebAssembly modules into build/`);
