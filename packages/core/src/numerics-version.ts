/**
 * Bump when a change alters the numbers a training run produces (a kernel's summation order, an
 * initialiser, an augmentation, the PRNG), so that a sweep's run store retrains instead of reusing
 * runs made by the old code. Changes that leave every number as it was (speed, reports, the CLI)
 * must not bump it: they would throw away hours of finished runs for nothing.
 */
export const NUMERICS_VERSION = 3;
