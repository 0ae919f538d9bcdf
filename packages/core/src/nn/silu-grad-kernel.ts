/**
 * The gradient of SiLU as a tfjs kernel name: a backend that registers it (the wasm one does,
 * kernels/wasm/silu-grad.ts) computes dx = dy * s + (dy * x) * (s * (1 - s)) in one pass, where
 * the composed gradient of x * sigmoid(x) takes six kernels (two multiplies for Multiply's
 * gradient, a subtract and two multiplies for Sigmoid's, an add), with the same float32 results.
 * Inputs dy, x and s = sigmoid(x); output dx.
 */
export const SILU_GRAD = 'MambabenchSiluGrad';
