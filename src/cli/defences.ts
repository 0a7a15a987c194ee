import type { RgbaImage } from '../core/image';
import type { Verdict } from '../core/attack/verdict';
import type { Detection } from '../core/mtcnn/detect';
import type { DetectOptions } from '../core/mtcnn/options';
import type { MtcnnWeights } from '../core/mtcnn/weights';
import type { DefenceRow } from '../core/defences/table';
import { defenceTableOf, defenceTableText } from '../core/defences/report';
import { tinyFaceJudge } from '../core/defences/tinyJudge';
import type { TinyFaceWeights } from '../core/transfer/weights';

/* --defences on `attack` and `sparse`: the defence table of the judged adversarial image. */

/**
 * Each defence applied to the verdict's 8-bit image and judged by MTCNN, and by the second detector
 * too when its weights are given (--transfer).
 */
export function defenceRows(
  weights: MtcnnWeights,
  clean: RgbaImage,
  cleanDetection: Detection,
  verdict: Verdict,
  options: DetectOptions,
  tiny: TinyFaceWeights | null,
): Promise<DefenceRow[]> {
  return defenceTableOf(weights, clean, cleanDetection, verdict, options, tiny ? [tinyFaceJudge(tiny, clean)] : []);
}

/** The text output's table, under a heading. */
export function defenceLines(rows: readonly DefenceRow[]): string {
  return `  defences (each applied to the 8-bit adversarial image, then judged again; PSNR against that image, dB):\n${defenceTableText(rows)}`;
}
