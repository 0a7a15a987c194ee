import { HEADS, isHead, type Head } from '../core/attack/heads';
import { DOMAINS, METHODS, SEED_PAPER_PARAMS, validateAttackParams, type AttackParams, type AttackMethod, type PerturbationDomain, type TvKind } from '../core/attack/params';
import type { Conventions } from '../core/mtcnn/options';
import { choiceFlag, integerFlag, listFlag, numberFlag } from './parse';
import { UsageError } from './errors';

/** Flags shared by attack, sweep and sparse. Defaults are the seed paper's. */
export const ATTACK_FLAGS = {
  method: { type: 'string' },
  eps: { type: 'string' },
  alpha: { type: 'string' },
  steps: { type: 'string' },
  decay: { type: 'string' },
  scales: { type: 'string' },
  face: { type: 'string' },
  heads: { type: 'string' },
  tv: { type: 'string' },
  'tv-kind': { type: 'string' },
  domain: { type: 'string' },
  seed: { type: 'string' },
} as const;

export const ATTACK_USAGE = `[--method fgsm|ifgsm|pgd|mifgsm] [--eps 0.03] [--alpha 0.0047568] [--steps 50] [--decay 1.0]
       [--scales auto|all|i,j,k] [--face N|all] [--heads ${HEADS.join(',')}]
       [--tv 0] [--tv-kind iso|aniso] [--domain ${DOMAINS.join('|')}] [--conventions facenet|faceapi] [--seed 0]`;

export function attackParamsFrom(values: Record<string, unknown>): AttackParams {
  const raw = (k: string) => values[k] as string | undefined;
  const d = SEED_PAPER_PARAMS;
  const scalesRaw = raw('scales');
  let scales: AttackParams['scales'] = d.scales;
  if (scalesRaw === 'auto' || scalesRaw === 'all') scales = scalesRaw;
  else if (scalesRaw !== undefined) scales = listFlag('scales', scalesRaw)!.map((s) => integerFlag('scales', s, 0, 0, 1000));
  const faceRaw = raw('face');
  const heads = listFlag('heads', raw('heads'));
  const unknownHead = heads?.find((h) => !isHead(h));
  if (unknownHead) throw new UsageError(`unknown head "${unknownHead}" (use ${HEADS.join(', ')})`);
  const params: AttackParams = {
    method: choiceFlag<AttackMethod>('method', raw('method'), d.method, METHODS),
    eps: numberFlag('eps', raw('eps'), d.eps, 0, 1),
    alpha: numberFlag('alpha', raw('alpha'), d.alpha, 0, 1),
    steps: integerFlag('steps', raw('steps'), d.steps, 1, 10_000),
    decay: numberFlag('decay', raw('decay'), d.decay, 0, 10),
    scales,
    face: faceRaw === undefined ? d.face : faceRaw === 'all' ? 'all' : integerFlag('face', faceRaw, 0, 0, 10_000),
    heads: (heads as Head[] | undefined) ?? d.heads,
    tv: numberFlag('tv', raw('tv'), d.tv, 0, 1e6),
    tvKind: choiceFlag<TvKind>('tv-kind', raw('tv-kind'), d.tvKind, ['iso', 'aniso']),
    domain: choiceFlag<PerturbationDomain>('domain', raw('domain'), d.domain, DOMAINS),
    conventions: choiceFlag<Conventions>('conventions', raw('conventions'), d.conventions, ['facenet', 'faceapi']),
    seed: integerFlag('seed', raw('seed'), d.seed, -(2 ** 31), 2 ** 31 - 1),
  };
  const invalid = validateAttackParams(params);
  if (invalid) throw new UsageError(invalid);
  return params;
}
