import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module';
import { crossEntropy } from '../train/loss';
import { SS2D } from '../mamba/ss2d';

/**
 * Names of the parameters that get no usable gradient (missing, non-finite or all zero) from one
 * cross-entropy step on (x, labels) in train mode. Every model test asks for an empty list.
 * Mind what makes a zero legitimate: a one-token scan (A_log has no effect), and with batch 2 a
 * train-mode BatchNorm before pooling that makes the two logits opposite (head bias cancels).
 */
export function parametersWithoutGradient(model: Module, x: tf.Tensor, labels: tf.Tensor1D): string[] {
  model.train();
  const named = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), labels), named.map(([, p]) => p.variable));
  const bad = named.filter(([, p]) => {
    const g = grads[p.variable.name];
    if (!g) return true;
    const data = g.dataSync();
    return !data.every(Number.isFinite) || data.every((v) => v === 0);
  }).map(([name]) => name);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  if (!Number.isFinite(loss)) bad.unshift(`(loss is ${loss})`);
  return bad;
}

/** Parameter counts summed per group; the group of a name is given by `groupOf` (default: its first segment). */
export function parameterBreakdown(model: Module, groupOf: (name: string) => string = (n) => n.split('.')[0]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, p] of model.namedParameters()) {
    const key = groupOf(name);
    out[key] = (out[key] ?? 0) + p.variable.size;
  }
  return out;
}

/** Groups `<prefix>.N.*` by stage (`layers.0`, ...) and everything else by its first segment. */
export const stageGroup = (prefix = 'layers') => (name: string): string => {
  const parts = name.split('.');
  return parts[0] === prefix ? `${prefix}.${parts[1]}` : parts[0];
};

/** Eval-mode logits of a seeded random batch [batch, size, size, 3]: shape and values, nothing left allocated. */
export function evalLogits(model: Module, batch: number, size: number, seed = 1): { shape: number[]; values: number[] } {
  model.eval();
  const y = tf.tidy(() => model.forward(tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', seed)));
  const out = { shape: y.shape, values: Array.from(y.dataSync()) };
  y.dispose();
  return out;
}

/**
 * MACs of the SS2D blocks' x_proj and dt_proj matmuls (4 directions x L x d_inner x (R + 2N + R)).
 * Our layers count them; models.md's figures leave them out (einsums in the reference), so model
 * tests subtract this before comparing. Stage i (`layers.i`) runs at size / 4 / 2^i.
 */
export function ss2dProjectionMacs(model: Module, size: number): number {
  let total = 0;
  for (const [name, m] of model.namedModules()) {
    if (!(m instanceof SS2D)) continue;
    const side = size / 4 / 2 ** Number(name.split('.')[1]);
    total += 4 * side * side * m.dInner * (2 * m.dtRank + 2 * m.dState);
  }
  return total;
}
