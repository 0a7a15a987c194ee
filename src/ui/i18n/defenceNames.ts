import { tr } from './index';

/*
 * The defences' names in the app's language. core/defences keeps one English label per defence for
 * the CLI and the JSON; the app names a defence from its id ("jpeg75", "blur0.5", "median3"…), whose
 * parameter is the number at its end. An id of another shape keeps the core's label.
 */

const NAMES = {
  jpeg: (v: string) => tr('results:defences.names.jpeg', { quality: v }),
  blur: (v: string) => tr('results:defences.names.blur', { sigma: v }),
  rescale: (v: string) => tr('results:defences.names.rescale', { factor: v }),
  bits: (v: string) => tr('results:defences.names.bits', { bits: v }),
  median: (v: string) => tr('results:defences.names.median', { size: v }),
} as const;

export function defenceName(id: string, fallback: string): string {
  if (id === 'none') return tr('results:defences.names.none');
  const m = /^([a-z]+)(\d+(?:\.\d+)?)$/.exec(id);
  const name = m && Object.hasOwn(NAMES, m[1]!) ? NAMES[m[1] as keyof typeof NAMES] : null;
  return name ? name(m![2]!) : fallback;
}
