/**
 * Plain-data contract of the selective-scan kernels. The tfjs op only moves typed arrays
 * in and out of tensors; everything numeric happens behind SelectiveScanKernel, so a faster
 * implementation (e.g. WASM SIMD) can replace the JS one without touching the op.
 *
 * Layouts are row-major, matching the tensors: u/delta/y (B,L,D), Bm/C (B,L,N), A (D,N), Dskip (D).
 */
export interface ScanDims {
  batch: number; // B
  length: number; // L
  dim: number; // D (channels)
  state: number; // N (SSM state size)
}

/** Numeric arrays read as doubles; Float32Array is what the op passes. */
export type ScanArray = Float32Array | Float64Array;

export interface ScanInputs {
  u: ScanArray;
  /** Must be >= 0 (softplus already applied), so exp(delta * A) never sees a positive argument. */
  delta: ScanArray;
  /** Must be <= 0 (Mamba's A = -exp(A_log)). */
  A: ScanArray;
  Bm: ScanArray;
  C: ScanArray;
  Dskip: ScanArray;
}

/**
 * States h saved by the forward pass every `interval` tokens: entry (b, c) holds the state
 * *before* token c * interval. Each kernel reads back only its own checkpoints, in the
 * precision its forward used, so the backward's recomputation reproduces the states bit for bit.
 */
export interface ScanCheckpoints {
  interval: number;
  numChunks: number;
  /** float64 (B, numChunks, D, N) from the JS kernel; float32 (B, numChunks, N, D) from the wasm one. */
  states: Float64Array | Float32Array;
}

export interface ScanForwardResult {
  y: Float32Array;
  checkpoints: ScanCheckpoints;
}

/** Gradients with the same shapes/layouts as the matching inputs. */
export interface ScanGrads {
  du: Float32Array;
  ddelta: Float32Array;
  dA: Float32Array;
  dBm: Float32Array;
  dC: Float32Array;
  dDskip: Float32Array;
}

export interface SelectiveScanKernel {
  readonly name: string;
  forward(dims: ScanDims, inputs: ScanInputs, interval: number): ScanForwardResult;
  backward(dims: ScanDims, inputs: ScanInputs, checkpoints: ScanCheckpoints, dy: ScanArray): ScanGrads;
}
