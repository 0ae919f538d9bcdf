/**
 * timm's rand_bbox + cutmix_bbox_and_lam (no min/max ratio, no margin): a box of side
 * int(H * sqrt(1 - lam)) x int(W * sqrt(1 - lam)) centred on a uniform pixel, clipped to the
 * image; with correctLam the mixing weight becomes 1 - (clipped box area) / (H * W), so the
 * targets match the pixels actually pasted.
 */
import type { Rng } from '@mambabench/random';

export interface Box {
  /** Rows [yl, yh) and columns [xl, xh). */
  yl: number;
  yh: number;
  xl: number;
  xh: number;
}

export function cutmixBox(h: number, w: number, lam: number, rng: Rng, correctLam = true): { box: Box; lam: number } {
  const ratio = Math.sqrt(1 - lam);
  const cutH = Math.trunc(h * ratio);
  const cutW = Math.trunc(w * ratio);
  const cy = rng.intBelow(h);
  const cx = rng.intBelow(w);
  const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const box = {
    yl: clip(cy - Math.floor(cutH / 2), h),
    yh: clip(cy + Math.floor(cutH / 2), h),
    xl: clip(cx - Math.floor(cutW / 2), w),
    xh: clip(cx + Math.floor(cutW / 2), w),
  };
  const area = (box.yh - box.yl) * (box.xh - box.xl);
  return { box, lam: correctLam ? 1 - area / (h * w) : lam };
}
