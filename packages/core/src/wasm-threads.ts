import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Worker as NodeWorker, type WorkerOptions } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { writeFileAtomicSync } from '@mambabench/durable';

/**
 * Multithreaded tfjs-backend-wasm under Node.
 *
 * tfjs 4.22 hard-codes threads off under Node (tfjs issue #3830) although its threaded SIMD build
 * works there; three things stand in the way, and this file routes around each during backend
 * start-up only:
 * 1. The WASM_HAS_MULTITHREAD_SUPPORT flag answers false under Node: we set it to true.
 * 2. The Emscripten glue starts its pthread workers from Blob URLs (the worker script, and the
 *    main script the worker imports). Node's Worker cannot load blob: URLs, so we record the
 *    Blobs' text as they are made, start the worker from that text (eval), and hand it the main
 *    script as a file (written once per tfjs version under the OS temp dir), prefixed with the
 *    `require$$N` bindings the tfjs Node bundle gives the factory.
 * 3. The C++ side sizes its pool as min(requested, logical cores / 2) (it assumes
 *    hyper-threading); while the module starts we report 2 x threads cores so the request stands.
 * Threads only speed up tfjs's own kernels (XNNPACK convs, matMuls); JS code stays on one core.
 */

/** `var require$$0 = require('fs');` lines of the tfjs Node bundle, which its factory source refers to. */
function bundleBindings(): string {
  // Resolved here, not at load: the single-file bundle for GPU machines has no tfjs-backend-wasm on disk.
  const source = readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
  const lines = source.match(/^var require\$\$\d+ = require\('[^']+'\);$/gm) ?? [];
  return [...lines, 'var commonjsGlobal = globalThis;'].join('\n') + '\n';
}

function writeMainScript(text: string): string {
  const body = bundleBindings() + text;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `mambabench-tfjs-wasm-${tf.version_core}-${hash}.js`);
  // Atomic because parallel sweep runs start their backends at once and share this file: none
  // may import another's half-written copy. The name hashes the content, so any writer's is right.
  if (!existsSync(file)) writeFileAtomicSync(file, body);
  return file;
}

let installedThreads: number | null = null;

/**
 * Must run before the wasm backend is first initialised in this process (tf.setBackend('wasm')),
 * then call `restore` once it has. `threads` <= 1 leaves tfjs's single-threaded build in place.
 */
export function prepareWasmThreads(threads: number): () => void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`wasm threads must be a positive integer, got ${threads}`);
  if (installedThreads !== null && installedThreads !== threads) {
    throw new Error(`The wasm backend already started with ${installedThreads} thread(s) in this process; it cannot switch to ${threads}`);
  }
  const already = installedThreads !== null;
  installedThreads = threads;
  if (already || threads <= 1) return () => {};

  const blobTexts = new WeakMap<Blob, string>();
  const urlTexts = new Map<string, string>();
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;

  class RecordingBlob extends OriginalBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts?.every((p) => typeof p === 'string')) blobTexts.set(this, parts.join(''));
    }
  }
  class BlobAwareWorker extends NodeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const text = typeof url === 'string' ? urlTexts.get(url) : undefined;
      super(text ?? url, text === undefined ? options : { ...options, eval: true });
    }
    override postMessage(message: unknown, transfer?: readonly import('node:worker_threads').Transferable[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown };
      if (m?.cmd === 'load' && m.urlOrBlob instanceof OriginalBlob && blobTexts.has(m.urlOrBlob)) {
        message = { ...m, urlOrBlob: writeMainScript(blobTexts.get(m.urlOrBlob)!) };
      }
      super.postMessage(message, transfer);
    }
    // Emscripten refs a worker while its pthread runs; XNNPACK's pool threads run for the life
    // of the process, so they would keep Node from ever exiting. The main thread waits on them
    // synchronously (Atomics), so unreferenced workers lose nothing.
    override ref(): void {}
  }

  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (obj: Blob) => {
    const url = originalCreateObjectURL(obj);
    const text = blobTexts.get(obj);
    if (text !== undefined) urlTexts.set(url, text);
    return url;
  };
  (os as { cpus: typeof os.cpus }).cpus = () => Array.from({ length: 2 * threads }, () => originalCpus()[0]);
  // The Emscripten glue assigns worker_threads' Worker to the global at start-up and uses it
  // when the pool grows later, so the global keeps answering with the blob-aware subclass.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => BlobAwareWorker, set: () => {} });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);

  return () => {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    (os as { cpus: typeof os.cpus }).cpus = originalCpus;
  };
}

/** Threads to use when none is asked for: MAMBABENCH_THREADS, else every core this process may use. */
export function defaultThreadCount(): number {
  const env = process.env.MAMBABENCH_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`MAMBABENCH_THREADS must be a positive integer, got "${env}"`);
    return n;
  }
  return os.availableParallelism();
}
