import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { recoverDir, replaceDirAtomic } from '@mambabench/durable';
import type { Module } from './nn/module';
import type { AdamW } from './optim/adamw';
import type { ModelEma } from './optim/ema';

/**
 * Save/load of weights and optimizer state to a directory:
 *   manifest.json  { format, tensors: [{ name, shape, offset, length }], sha256 (of tensors.bin), optimizer: { step, lr }, ema: { updates }, meta }
 *   tensors.bin    every tensor as little-endian float32, concatenated
 * Replaced whole with replaceDirAtomic (both files fsynced, the old directory moved aside rather
 * than deleted before the new one is renamed in), so a kill or power loss at any moment leaves the
 * previous or the new complete checkpoint; readers call recoverDir first to finish a swap that
 * was cut between its two renames.
 */
const FORMAT = 'mambabench-checkpoint-v1';

interface Entry { name: string; shape: number[]; offset: number; length: number }

function collect(model: Module, optimizer?: AdamW, ema?: ModelEma): [string, tf.Variable][] {
  const out: [string, tf.Variable][] = [...model.stateDict()].map(([n, v]) => [`model.${n}`, v]);
  if (optimizer) {
    const names = model.namedParameters().map(([n]) => n);
    optimizer.stateTensors().forEach((t, i) => {
      out.push([`optimizer.${names[i >> 1]}.${i % 2 === 0 ? 'exp_avg' : 'exp_avg_sq'}`, t]);
    });
  }
  // The EMA shadow: a run that continues from this checkpoint averages on from it, as an
  // unbroken run would, instead of starting a new average at the restored weights.
  if (ema) for (const [n, v] of ema.stateDict()) out.push([`ema.${n}`, v]);
  return out;
}

/**
 * Writes the checkpoint. Async because the values are read with `await t.data()`: on webgpu a
 * synchronous read throws, and every read is started before the first is awaited so the device
 * serves them in one pass. The tensors are read as they are when this is called.
 */
export async function saveCheckpoint(dir: string, model: Module, optimizer?: AdamW, meta: Record<string, unknown> = {}, ema?: ModelEma): Promise<void> {
  const tensors = collect(model, optimizer, ema);
  const entries: Entry[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    entries.push({ name, shape: t.shape, offset, length: t.size });
    offset += t.size;
  }
  const values = await Promise.all(tensors.map(([, t]) => t.data()));
  const data = new Float32Array(offset);
  values.forEach((v, i) => data.set(v as Float32Array, entries[i].offset));
  const manifest = {
    format: FORMAT,
    tensors: entries,
    sha256: createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex'),
    optimizer: optimizer ? { step: optimizer.step, lr: optimizer.lr } : null,
    ema: ema ? { updates: ema.updates } : null,
    meta,
  };
  mkdirSync(dirname(dir), { recursive: true });
  await replaceDirAtomic(dir, async (write) => {
    await write('tensors.bin', new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    await write('manifest.json', JSON.stringify(manifest, null, 1));
  });
}

/** The manifest at `dir`, after finishing an interrupted swap; null when there is no checkpoint. */
function readManifest(dir: string) {
  recoverDir(dir);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`${manifestPath} does not parse: ${(error as Error).message}`);
  }
  if (manifest.format !== FORMAT) throw new Error(`${manifestPath}: unknown format "${manifest.format}"`);
  return { manifest, manifestPath };
}

/**
 * The `meta` saved with the checkpoint at `dir`, or null when there is none, without loading its
 * tensors: lets a resume check that a checkpoint belongs to its configuration first.
 */
export function checkpointMeta(dir: string): Record<string, unknown> | null {
  const read = readManifest(dir);
  return read ? read.manifest.meta ?? {} : null;
}

/**
 * What is wrong with the checkpoint at `dir`, or null when it is whole: a manifest that does not
 * parse, a tensors.bin missing, of the wrong size, or unlike the SHA-256 the manifest recorded
 * (a file damaged after it was written; atomic writes rule out half-written ones). No checkpoint
 * at all is not a problem.
 */
export function checkpointProblem(dir: string): string | null {
  let read;
  try {
    read = readManifest(dir);
  } catch (error) {
    return (error as Error).message;
  }
  if (!read) return null;
  const binPath = join(dir, 'tensors.bin');
  if (!existsSync(binPath)) return `${binPath} is missing`;
  const bytes = readFileSync(binPath);
  const expected = 4 * (read.manifest.tensors as Entry[]).reduce((n, e) => n + e.length, 0);
  if (bytes.byteLength !== expected) return `${binPath} has ${bytes.byteLength} bytes, its manifest lists ${expected}`;
  if (read.manifest.sha256 && createHash('sha256').update(bytes).digest('hex') !== read.manifest.sha256) {
    return `${binPath} does not match the SHA-256 in ${read.manifestPath}`;
  }
  return null;
}

export function loadCheckpoint(dir: string, model: Module, optimizer?: AdamW, ema?: ModelEma): Record<string, unknown> {
  const problem = checkpointProblem(dir);
  if (problem) throw new Error(`Damaged checkpoint: ${problem}`);
  const read = readManifest(dir);
  if (!read) throw new Error(`No checkpoint at ${dir} (missing manifest.json)`);
  const { manifest, manifestPath } = read;
  if (ema && !manifest.ema) throw new Error(`${manifestPath}: no EMA state (saved without one)`);
  const buf = readFileSync(join(dir, 'tensors.bin'));
  const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const byName = new Map<string, Entry>(manifest.tensors.map((e: Entry) => [e.name, e]));
  for (const [name, variable] of collect(model, optimizer, ema)) {
    const e = byName.get(name);
    if (!e) throw new Error(`${manifestPath}: no tensor "${name}" (checkpoint of a different model?)`);
    if (e.shape.join('x') !== variable.shape.join('x')) {
      throw new Error(`${manifestPath}: "${name}" has shape [${e.shape}], the model expects [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(data.subarray(e.offset, e.offset + e.length), e.shape)));
  }
  if (optimizer && manifest.optimizer) {
    optimizer.step = manifest.optimizer.step;
    optimizer.lr = manifest.optimizer.lr;
  }
  if (ema) ema.updates = manifest.ema.updates;
  return manifest.meta ?? {};
}
