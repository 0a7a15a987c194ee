/**
 * The bundled sample photos (public/samples, see PROVENANCE.md there). `label` is the English name
 * (a sample's photo name in the store); the page shows shell:samples.<id> in its language.
 */
export const SAMPLES = [
  { id: 'astronaut', file: 'astronaut.png', label: 'Astronaut (one face)' },
  { id: 'group', file: 'group.jpg', label: 'Group (four faces)' },
] as const;

export type SampleId = (typeof SAMPLES)[number]['id'];

export function sampleUrl(file: string): string {
  return `${import.meta.env.BASE_URL}samples/${file}`;
}
