import type { Rect } from '../core/mtcnn/detect';
import type { AttackParams } from '../core/attack/params';
import { selectScalesNearFaces } from '../core/attack/scales';
import type { DetectionMessage } from '../worker/protocol';
import { candidatesOnFaces } from '../core/mtcnn/funnel';
import type { AppState } from './store';
import { tr } from './i18n';

/*
 * One definition of "candidate" for the whole app, the attack's: a P-Net cell (a 12×12 window on
 * one pyramid level) whose face probability is at least the stage-1 threshold and whose window lies
 * on the attacked face. The progress line, the candidates chart and the pyramid tiles all count
 * these, from the same numbers.
 */

/** The definition in words, in the current language (call it while rendering, in a component that uses useT). */
export function candidateDefinition(threshold: number): string {
  return tr('progress:candidates.definition', { threshold });
}

/** The boxes of the faces an attack with these parameters targets (all faces for "All faces"). */
export function attackedFaceBoxes(s: Pick<AppState, 'detection' | 'params' | 'run'>): Rect[] {
  const faces = s.detection?.faces ?? [];
  const chosen = s.run?.started?.faces ?? (s.params.face === 'all' ? faces.map((_, i) => i) : [s.params.face]);
  return chosen.map((i) => faces[i]?.box).filter((b): b is Rect => b !== undefined);
}

/**
 * Candidates per pyramid level for the shown step: the attack's counts on its targeted levels (live
 * and in the replay), and for the other levels (and before any attack) the same count on the clean
 * photo's P-Net map.
 */
export function levelCandidates(s: Pick<AppState, 'detection' | 'params' | 'run'>, shownCounts: readonly number[] | null): Map<number, { count: number; live: boolean }> {
  const out = new Map<number, { count: number; live: boolean }>();
  const faces = attackedFaceBoxes(s);
  for (const scale of s.detection?.scales ?? []) out.set(scale.level.index, { count: candidatesOnFaces(scale, faces), live: false });
  const levels = s.run?.started?.levels ?? [];
  if (shownCounts) levels.forEach((l, i) => shownCounts[i] !== undefined && out.set(l.level.index, { count: shownCounts[i]!, live: true }));
  return out;
}

/** The pyramid levels an attack with these parameters targets on this photo (as the engine plans it). */
export function targetedLevels(detection: DetectionMessage, params: AttackParams): number[] {
  const levels = detection.scales.map((s) => s.level);
  if (params.scales === 'all') return levels.map((l) => l.index);
  if (params.scales !== 'auto') return params.scales.filter((i) => i < levels.length);
  if (detection.faces.length === 0) return [];
  const faces = params.face === 'all' ? detection.faces : detection.faces.slice(params.face, params.face + 1);
  return selectScalesNearFaces(levels, faces.map((f) => f.box));
}
