import { initRng } from './init-context';

/** An initialiser fills a flat Float32Array for a parameter of the given shape. */
export type Initializer = (shape: number[]) => Float32Array;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function uniformInit(low: number, high: number): Initializer {
  return (shape) => {
    const rng = initRng();
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform(low, high);
    return out;
  };
}

/**
 * PyTorch's default for Conv2d/Linear weights and biases: kaiming_uniform(a = sqrt(5)) reduces
 * to U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias uses the same bound.
 */
export function torchDefaultInit(fanIn: number): Initializer {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniformInit(-bound, bound);
}

export function constantInit(value: number): Initializer {
  return (shape) => new Float32Array(size(shape)).fill(value);
}

/**
 * timm's trunc_normal_(std, a=-2, b=2): Normal(0, std) resampled until inside [a, b], where a and b
 * are ABSOLUTE bounds (so at std 0.02 the truncation never bites, exactly as in the reference).
 */
export function truncNormalInit(std: number, a = -2, b = 2): Initializer {
  return (shape) => {
    const rng = initRng();
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) {
      let v: number;
      do v = rng.normal() * std; while (v < a || v > b);
      out[i] = v;
    }
    return out;
  };
}

/**
 * timm's trunc_normal_tf_ (used by lecun_normal_): a standard normal truncated to [-2, 2] and
 * THEN scaled by std, i.e. truncated at +-2 std.
 */
export function truncNormalTfInit(std: number): Initializer {
  return (shape) => {
    const rng = initRng();
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) {
      let v: number;
      do v = rng.normal(); while (v < -2 || v > 2);
      out[i] = v * std;
    }
    return out;
  };
}

/** Explicit values computed elsewhere (e.g. Mamba's A_log and dt bias). */
export function valuesInit(values: Float32Array): Initializer {
  return (shape) => {
    if (values.length !== size(shape)) {
      throw new Error(`valuesInit: ${values.length} values for shape [${shape}]`);
    }
    return values;
  };
}
