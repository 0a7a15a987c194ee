import { formatPatch, MAX_PRESET_SCALE, patchParts, type PatchPreset } from './patch';

/*
 * The smallest patch that still evades: a preset's scale (about each shape's centre) searched by
 * bisection between a scale that fails and one that evades. Scale 1 is tried first; if it fails the
 * scale doubles until one evades (up to `max`). Evasion need not be monotone in the scale, so the
 * answer is the smallest evading scale tried, not a proof that nothing smaller evades. The search
 * only proposes scales: `attempt` runs the attack and says whether it evaded (the CLI calls the run
 * core directly; the app runs its ordinary attack).
 */

export interface PatchTry {
  scale: number;
  /** The patch parameter tried ("preset:cheeks@0.5"). */
  patch: string;
  evaded: boolean;
  /** Pixels the patch covers in the image (as the attempt reports it). */
  area: number;
}

export interface PatchSearchResult {
  tries: PatchTry[];
  /** The smallest evading try, or null when none evaded. */
  smallest: PatchTry | null;
}

export interface PatchSearchOptions {
  /** Attacks in all (default 7). */
  attempts?: number;
  /** The largest scale tried when scale 1 fails (default 4). */
  max?: number;
  /** Stop when the bracket is this tight (hi / lo, default 1.08). */
  ratio?: number;
}

/** The preset a patch text names alone (for the search), or null. */
export function singlePreset(patch: string): PatchPreset | null {
  const parts = patchParts(patch);
  return parts.length === 1 && 'preset' in parts[0]! ? parts[0].preset : null;
}

export function presetPatch(preset: PatchPreset, scale: number): string {
  return formatPatch([{ preset, scale }]);
}

/** Bisection on a preset's scale; `attempt` runs one attack with the given patch text. */
export async function searchSmallestPatch(
  preset: PatchPreset,
  attempt: (patch: string, scale: number) => Promise<{ evaded: boolean; area: number }>,
  options: PatchSearchOptions = {},
): Promise<PatchSearchResult> {
  const attempts = options.attempts ?? 7;
  const max = Math.min(options.max ?? 4, MAX_PRESET_SCALE);
  const ratio = options.ratio ?? 1.08;
  const tries: PatchTry[] = [];
  const run = async (scale: number) => {
    const s = Number(scale.toFixed(4));
    const patch = presetPatch(preset, s);
    const r = await attempt(patch, s);
    const t = { scale: s, patch, evaded: r.evaded, area: r.area };
    tries.push(t);
    return t;
  };
  let lo = 0; // largest scale known to fail
  let hi: number | null = null; // smallest scale known to evade
  let scale = 1;
  while (tries.length < attempts) {
    const t = await run(scale);
    if (t.evaded) hi = hi === null ? t.scale : Math.min(hi, t.scale);
    else lo = Math.max(lo, t.scale);
    if (hi === null) {
      if (scale >= max) break;
      scale = Math.min(max, scale * 2);
      continue;
    }
    const next = lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
    if (lo > 0 && hi / lo <= ratio) break;
    scale = next;
  }
  const evading = tries.filter((t) => t.evaded);
  const smallest = evading.length ? evading.reduce((a, b) => (b.area < a.area || (b.area === a.area && b.scale < a.scale) ? b : a)) : null;
  return { tries, smallest };
}
