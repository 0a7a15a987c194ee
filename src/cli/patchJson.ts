import type { Detection } from '../core/mtcnn/detect';
import type { AttackParams } from '../core/attack/params';
import { hasPatch, patchArea, resolvePatch, type PatchShape } from '../core/attack/patch';

export interface PatchJson {
  /** The patch parameter as given. */
  spec: string;
  /** The L∞ bound inside it. */
  eps: number;
  /** Its shapes in image pixels (presets placed on the attacked faces). */
  shapes: PatchShape[];
  /** Image pixels it covers. */
  area: number;
}

/** What `--json` says about a patch attack's region (null without a patch). */
export function patchJson(params: AttackParams, clean: Detection): PatchJson | null {
  if (!hasPatch(params.patch)) return null;
  const faces = params.face === 'all' ? clean.faces.map((_, i) => i) : params.face < clean.faces.length ? [params.face] : [];
  const shapes = resolvePatch(params.patch, clean, faces);
  return { spec: params.patch, eps: params.patchEps > 0 ? params.patchEps : params.eps, shapes, area: patchArea(shapes, clean.width, clean.height) };
}
