import { isHead, type Head } from '../core/attack/heads';
import { validateAttackParams, type AttackParams } from '../core/attack/params';

/*
 * Attack parameters (seed included) round-trip through the URL, so a teacher can send a link that
 * opens the same experiment. Only values that differ from the defaults are written.
 */

const KEYS = ['method', 'eps', 'alpha', 'steps', 'decay', 'scales', 'face', 'heads', 'tv', 'tvKind', 'domain', 'conventions', 'seed'] as const;

function encode(key: (typeof KEYS)[number], p: AttackParams): string {
  const v = p[key];
  return Array.isArray(v) ? v.join(',') : String(v);
}

export function paramsToSearch(params: AttackParams, defaults: AttackParams, keep: URLSearchParams = new URLSearchParams()): string {
  const out = new URLSearchParams();
  const backend = keep.get('backend');
  if (backend) out.set('backend', backend);
  for (const key of KEYS) if (encode(key, params) !== encode(key, defaults)) out.set(key, encode(key, params));
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** Parameters from a query string over `defaults`; problems come back as messages, never thrown. */
export function paramsFromSearch(search: string, defaults: AttackParams): { params: AttackParams; problems: string[] } {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const p: AttackParams = { ...defaults };
  const num = (k: string) => {
    const raw = q.get(k);
    if (raw === null) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) {
      problems.push(`${k}=${raw} is not a number`);
      return undefined;
    }
    return v;
  };
  const method = q.get('method');
  if (method) p.method = method as AttackParams['method'];
  for (const k of ['eps', 'alpha', 'steps', 'decay', 'tv', 'seed'] as const) {
    const v = num(k);
    if (v !== undefined) p[k] = v;
  }
  const scales = q.get('scales');
  if (scales === 'auto' || scales === 'all') p.scales = scales;
  else if (scales) p.scales = scales.split(',').map(Number);
  const face = q.get('face');
  if (face === 'all') p.face = 'all';
  else if (face !== null) p.face = Number(face);
  const heads = q.get('heads');
  if (heads) {
    const list = heads.split(',');
    const bad = list.filter((h) => !isHead(h));
    if (bad.length) problems.push(`unknown head(s) ${bad.join(', ')}`);
    p.heads = list.filter(isHead) as Head[];
  }
  const tvKind = q.get('tvKind');
  if (tvKind) p.tvKind = tvKind as AttackParams['tvKind'];
  const domain = q.get('domain');
  if (domain) p.domain = domain as AttackParams['domain'];
  const conventions = q.get('conventions');
  if (conventions) p.conventions = conventions as AttackParams['conventions'];
  const invalid = validateAttackParams(p);
  if (invalid) return { params: defaults, problems: [...problems, invalid] };
  return { params: p, problems };
}
