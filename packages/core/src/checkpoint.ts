import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { Module } from './nn/module';
import type { AdamW } from './optim/adamw';

/**
 * Save/load of weights and optimizer state to a directory:
 *   manifest.json  { format, tensors: [{ name, shape, offset, length }], optimizer: { step, lr }, meta }
 *   tensors.bin    every tensor as little-endian float32, concatenated
 * Written to a sibling temp directory and renamed into place, so a crash never leaves a half
 * checkpoint where a whole one was.
 */
const FORMAT = 'mambabench-checkpoint-v1';

interface Entry { name: string; shape: number[]; offset: number; length: number }

function collect(model: Module, optimizer?: AdamW): [string, tf.Variable][] {
  const out: [string, tf.Variable][] = [...model.stateDict()].map(([n, v]) => [`model.${n}`, v]);
  if (optimizer) {
    const names = model.namedParameters().map(([n]) => n);
    optimizer.stateTensors().forEach((t, i) => {
      out.push([`optimizer.${names[i >> 1]}.${i % 2 === 0 ? 'exp_avg' : 'exp_avg_sq'}`, t]);
    });
  }
  return out;
}

/**
 * Writes the checkpoint. Async because the values are read with `await t.data()`: on webgpu a
 * synchronous read throws, and every read is started before the first is awaited so the device
 * serves them in one pass. The tensors are read as they are when this is called.
 */
export async function saveCheckpoint(dir: string, model: Module, optimizer?: AdamW, meta: Record<string, unknown> = {}): Promise<void> {
  const tensors = collect(model, optimizer);
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
    optimizer: optimizer ? { step: optimizer.step, lr: optimizer.lr } : null,
    meta,
  };
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  writeFileSync(join(tmp, 'tensors.bin'), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function loadCheckpoint(dir: string, model: Module, optimizer?: AdamW): Record<string, unknown> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No checkpoint at ${dir} (missing manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.format !== FORMAT) throw new Error(`${manifestPath}: unknown format "${manifest.format}"`);
  const buf = readFileSync(join(dir, 'tensors.bin'));
  const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const byName = new Map<string, Entry>(manifest.tensors.map((e: Entry) => [e.name, e]));
  for (const [name, variable] of collect(model, optimizer)) {
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
  return manifest.meta ?? {};
}
