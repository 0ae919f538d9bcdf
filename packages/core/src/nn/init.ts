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

/** Normal(0, std) truncated to [-2 std, 2 std] by resampling (timm's trunc_normal_ with a = -2std). */
export function truncNormalInit(std: number): Initializer {
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
