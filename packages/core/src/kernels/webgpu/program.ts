/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-webgpu's WebGPUBackend our kernels use. */
export interface WebGpuBackendLike {
  device?: GPUDevice;
  runWebGPUProgram(program: WgslProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: UniformData[]): tf.TensorInfo;
}

export interface UniformData {
  type: 'uint32';
  data: number[];
}

/**
 * A compute program in tfjs-backend-webgpu's shape (its WebGPUProgram): tfjs binds the output
 * as `result` (read-write) and each input by its variable name (read-only), adds the shape
 * uniforms, and calls our `main()` from its `_start` entry point. tfjs caches pipelines by
 * `shaderKey` plus input ranks only, so the key must name every constant baked into the code.
 */
export interface WgslProgram {
  outputShape: number[];
  shaderKey: string;
  variableNames: string[];
  workgroupSize: [number, number, number];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  /** Our uniform fields, declared after tfjs's own (shapes); values in `uniformData`, same order. */
  uniforms: string;
  uniformData: UniformData[];
  getUserCode: () => string;
}

export const WORKGROUP = 64;

/**
 * `sizes` become u32 uniforms (the code reads them as `uniforms.NAME`), so one compiled pipeline
 * serves every shape: on lavapipe each compile takes seconds. Only what must be a constant
 * (array lengths) is baked into the code, and named in `key`.
 */
export function wgslProgram(o: {
  key: string; outputShape: number[]; inputs: string[]; workgroups: number; sizes: Record<string, number>; code: string;
}): WgslProgram {
  const names = Object.keys(o.sizes);
  return {
    uniforms: names.map((n) => `${n} : u32,`).join(' '),
    uniformData: names.map((n) => ({ type: 'uint32', data: [o.sizes[n] >>> 0] })),
    outputShape: o.outputShape,
    shaderKey: o.key,
    variableNames: o.inputs,
    workgroupSize: [WORKGROUP, 1, 1],
    // Only x: tfjs folds a dispatch wider than the device's per-dimension cap into y and z,
    // which flatWorkgroup() below undoes.
    dispatchLayout: { x: [0] },
    dispatch: [o.workgroups, 1, 1],
    getUserCode: () => o.code,
  };
}

/** WGSL: this workgroup's index in a dispatch tfjs may have folded into 2 or 3 dimensions. */
export const FLAT_WORKGROUP = /* wgsl */ `
  fn flatWorkgroup() -> u32 {
    return (workgroupId.z * numWorkgroups.y + workgroupId.y) * numWorkgroups.x + workgroupId.x;
  }
`;

/** WGSL `const` declarations of integer constants (baked: array lengths, fixed loop bounds). */
export function wgslConsts(values: Record<string, number>): string {
  return Object.entries(values).map(([k, v]) => `const ${k} : u32 = ${v >>> 0}u;`).join('\n');
}

/** WGSL: `let NAME = uniforms.NAME;` for each size, so kernel code reads like constants. */
export function wgslSizes(sizes: Record<string, number>): string {
  return Object.keys(sizes).map((n) => `let ${n} = uniforms.${n};`).join('\n  ');
}

/**
 * WGSL: a use of the uniforms tfjs always binds. Pipelines use layout 'auto', which drops a
 * binding the code never touches, and tfjs would then bind one entry too many.
 */
export const USE_UNIFORMS = '_ = uniforms.NAN;';
