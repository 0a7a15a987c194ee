import { DEFAULT_DETECT_OPTIONS, type Conventions, type DetectOptions } from '../core/mtcnn/options';
import { choiceFlag, listFlag, numberFlag } from './parse';
import { UsageError } from './errors';

/** The detector flags shared by every command. */
export const DETECT_FLAGS = {
  'min-face': { type: 'string' },
  'scale-factor': { type: 'string' },
  thresholds: { type: 'string' },
  conventions: { type: 'string' },
} as const;

export function detectOptionsFrom(values: Record<string, unknown>): DetectOptions {
  const raw = (k: string) => values[k] as string | undefined;
  const thresholds = listFlag('thresholds', raw('thresholds'))?.map((t, i) => numberFlag(`thresholds[${i + 1}]`, t, 0, 0, 1));
  if (thresholds && thresholds.length !== 3) throw new UsageError('--thresholds takes three numbers, e.g. 0.6,0.7,0.7');
  return {
    minFaceSize: numberFlag('min-face', raw('min-face'), DEFAULT_DETECT_OPTIONS.minFaceSize, 12, 100000),
    scaleFactor: numberFlag('scale-factor', raw('scale-factor'), DEFAULT_DETECT_OPTIONS.scaleFactor, 0.1, 0.95),
    thresholds: (thresholds as [number, number, number] | undefined) ?? DEFAULT_DETECT_OPTIONS.thresholds,
    conventions: choiceFlag<Conventions>('conventions', raw('conventions'), 'facenet', ['facenet', 'faceapi']),
  };
}
