/**
 * Shapes shared by the WGSL selective-scan kernels. Layouts are row-major like the op's tensors:
 * u, delta, y (B, L, D); bmat, cmat (B, L, N); params = [A (D, N) | Dskip (D)] in one buffer
 * (WebGPU guarantees only 8 storage buffers per shader: the backward needs 7 inputs + 1 output);
 * states (B, chunks, D, N), the state h *before* token c * T of each chunk c.
 */
export interface ScanShape {
  B: number;
  L: number;
  D: number;
  N: number;
  /** Tokens per checkpoint (chunk). */
  T: number;
  /** Chunks, ceil(L / T). */
  CH: number;
}

export function scanShape(B: number, L: number, D: number, N: number, T: number): ScanShape {
  return { B, L, D, N, T, CH: Math.ceil(L / T) };
}

/**
 * WGSL: one token's state update, h_n = exp(dt * A_n) * h_n + dt * u * B_n, written once for the
 * three kernels: the outputs and the backward's recompute must reproduce pass 1's states exactly.
 * Expects a, h (array<f32, SN>), dt, dtu, bo (the token's offset in bmat) and loop index n.
 */
export const STATE_UPDATE = 'h[n] = exp(dt * a[n]) * h[n] + dtu * bmat[bo + n];';
