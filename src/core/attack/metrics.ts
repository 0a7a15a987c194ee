/** Norms of a perturbation on the [0, 1] scale, computed on 8-bit images as a user would save them. */
export interface PerturbationNorms {
  /** Pixel locations where any channel changed. */
  l0Pixels: number;
  /** Channel values that changed. */
  l0Values: number;
  l1: number;
  l2: number;
  linf: number;
  /** 10·log10(1 / MSE) over all values; Infinity when nothing changed. */
  psnr: number;
}

/** Norms of adv − clean for two RGBA images of the same size (alpha ignored). */
export function perturbationNorms(clean: ArrayLike<number>, adv: ArrayLike<number>): PerturbationNorms {
  if (clean.length !== adv.length) throw new Error('images differ in size');
  let l0Pixels = 0;
  let l0Values = 0;
  let l1 = 0;
  let sq = 0;
  let linf = 0;
  for (let p = 0; p < clean.length; p += 4) {
    let changed = false;
    for (let c = 0; c < 3; c++) {
      const d = (adv[p + c]! - clean[p + c]!) / 255;
      if (d !== 0) {
        changed = true;
        l0Values++;
        const a = Math.abs(d);
        l1 += a;
        sq += d * d;
        if (a > linf) linf = a;
      }
    }
    if (changed) l0Pixels++;
  }
  const values = (clean.length / 4) * 3;
  const mse = sq / values;
  return { l0Pixels, l0Values, l1, l2: Math.sqrt(sq), linf, psnr: mse === 0 ? Infinity : 10 * Math.log10(1 / mse) };
}

/**
 * Blockiness of a perturbation [H, W, 3] on the [0, 1] scale: the mean absolute difference between
 * horizontally and vertically adjacent values (anisotropic TV per value). Nearest upsampling scores
 * high at its block edges; bilinear is smoother.
 */
export function perturbationBlockiness(perturbation: Float32Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        if (x + 1 < width) {
          sum += Math.abs(perturbation[i + 3]! - perturbation[i]!);
          count++;
        }
        if (y + 1 < height) {
          sum += Math.abs(perturbation[i + 3 * width]! - perturbation[i]!);
          count++;
        }
      }
    }
  }
  return count ? sum / count : 0;
}

/** adv − clean on the [0, 1] scale as [H, W, 3] row-major values, from two RGBA images. */
export function perturbationOf(clean: ArrayLike<number>, adv: ArrayLike<number>): Float32Array {
  const out = new Float32Array((clean.length / 4) * 3);
  for (let p = 0, q = 0; p < clean.length; p += 4, q += 3) {
    for (let c = 0; c < 3; c++) out[q + c] = (adv[p + c]! - clean[p + c]!) / 255;
  }
  return out;
}
