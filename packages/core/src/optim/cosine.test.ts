import { describe, expect, it } from 'vitest';
import { cosineAnnealingLr } from './cosine';

/** PyTorch's recursive CosineAnnealingLR update (lr_scheduler.py, get_lr), stepped per epoch. */
function torchRecursive(base: number, tMax: number, etaMin: number, epochs: number): number[] {
  const lrs = [base];
  let lr = base;
  for (let e = 1; e < epochs; e++) {
    if ((e - 1 - tMax) % (2 * tMax) === 0) {
      lr = lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    } else {
      lr = ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) + etaMin;
    }
    lrs.push(lr);
  }
  return lrs;
}

describe('cosineAnnealingLr', () => {
  it('equals PyTorch\'s recursive schedule over 300 epochs with T_max 20 (40-epoch period)', () => {
    const ref = torchRecursive(3e-4, 20, 1e-6, 300);
    ref.forEach((lr, e) => expect(cosineAnnealingLr(3e-4, e, 20, 1e-6)).toBeCloseTo(lr, 12));
    expect(cosineAnnealingLr(3e-4, 20, 20, 1e-6)).toBeCloseTo(1e-6, 12);
    expect(cosineAnnealingLr(3e-4, 40, 20, 1e-6)).toBeCloseTo(3e-4, 12);
  });
  it('rejects a non-positive T_max', () => {
    expect(() => cosineAnnealingLr(1, 0, 0, 0)).toThrow(/T_max/);
  });
});
