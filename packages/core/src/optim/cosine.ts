/**
 * torch.optim.lr_scheduler.CosineAnnealingLR stepped once per epoch. The recursive form PyTorch
 * uses equals this closed form; past T_max the cosine keeps going, so with T_max 20 over 300
 * epochs the rate oscillates with a 40-epoch period, exactly as in the published run.
 * `epoch` is 0-based: epoch 0 trains at the base rate.
 */
export function cosineAnnealingLr(baseLr: number, epoch: number, tMax: number, etaMin: number): number {
  if (!(tMax > 0)) throw new Error(`cosineAnnealingLr: T_max must be > 0, got ${tMax}`);
  return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
}
