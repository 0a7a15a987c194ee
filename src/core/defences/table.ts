import type { RgbaImage } from '../image';
import { perturbationNorms } from '../attack/metrics';
import { DEFENCES, type Defence } from './defences';
import type { CleanFace, FaceFinding, FaceJudge } from './judges';

/** One row of the defence table: one defence applied to the adversarial image, judged by every judge. */
export interface DefenceRow {
  /** 'none' for the image as saved, else the defence's id. */
  defence: string;
  label: string;
  /** PSNR (dB) of the defended image against the image it was applied to; Infinity for 'none'. */
  psnr: number;
  /** Per judge name, per clean face: found again or not. */
  verdicts: Record<string, FaceFinding[]>;
}

/** The first row: the image as saved, before any defence. */
const NO_DEFENCE: Defence = { id: 'none', label: 'No defence', apply: (i) => i };

/**
 * For each defence, applies it to the 8-bit adversarial image and asks every judge whether each
 * clean face comes back. The first row is the image itself (no defence). Judges run one after the
 * other (the detectors share one TensorFlow.js backend).
 */
export async function defenceTable(
  adversarial: RgbaImage,
  cleanFaces: readonly CleanFace[],
  judges: readonly FaceJudge[],
  defences: readonly Defence[] = DEFENCES,
  onRow?: (row: DefenceRow) => void,
): Promise<DefenceRow[]> {
  const names = judges.map((j) => j.name);
  if (new Set(names).size !== names.length) throw new Error(`judge names must differ, got ${names.join(', ')}`);
  const rows: DefenceRow[] = [];
  for (const defence of [NO_DEFENCE, ...defences]) {
    const image = defence.apply(adversarial);
    const verdicts: Record<string, FaceFinding[]> = {};
    for (const j of judges) verdicts[j.name] = await j.judge(image, cleanFaces);
    const row = { defence: defence.id, label: defence.label, psnr: perturbationNorms(adversarial.data, image.data).psnr, verdicts };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

