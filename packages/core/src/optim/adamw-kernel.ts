/**
 * The fused AdamW update as a tfjs kernel name: a backend that registers it (the wasm one does,
 * kernels/wasm/adamw-update.ts) runs one kernel per parameter instead of the ~14 ops AdamW
 * composes, with the same float32 results. Inputs param, grad, m, v; outputs [param', m', v'].
 */
export const ADAMW_UPDATE = 'MambabenchAdamWUpdate';

export interface AdamWUpdateAttrs {
  /** 1 - lr * weight decay; used when decay is true. */
  keep: number;
  decay: boolean;
  beta1: number;
  beta2: number;
  /** sqrt(1 - beta2^step). */
  sqrtBiasCorrection2: number;
  eps: number;
  /** lr / (1 - beta1^step). */
  stepSize: number;
}
