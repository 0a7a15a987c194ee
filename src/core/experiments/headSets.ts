import { HEADS, HEAD_INFO, type Head } from '../attack/heads';

/*
 * The rows of the per-head vulnerability matrix (seed 003's question for MTCNN): each of the seven
 * heads alone, each net's heads together, and all seven.
 */

export interface HeadSet {
  /** Short id, as the CLI and the JSON name the row (a head's own name for a single head). */
  id: string;
  label: string;
  heads: Head[];
}

const NET_LABEL = { pnet: 'P-Net', rnet: 'R-Net', onet: 'O-Net' } as const;

export const HEAD_SETS: readonly HeadSet[] = [
  ...HEADS.map((h): HeadSet => ({ id: h, label: HEAD_INFO[h].label, heads: [h] })),
  ...(['pnet', 'rnet', 'onet'] as const).map((net): HeadSet => ({ id: net, label: `${NET_LABEL[net]}, all its heads`, heads: HEADS.filter((h) => HEAD_INFO[h].net === net) })),
  { id: 'all', label: 'All 7 heads', heads: [...HEADS] },
];
