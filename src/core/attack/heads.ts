/** The seven MTCNN outputs that can be attacked (the released P-Net and R-Net have no landmark head). */
export const HEADS = ['pnet-cls', 'pnet-box', 'rnet-cls', 'rnet-box', 'onet-cls', 'onet-box', 'onet-landmarks'] as const;
export type Head = (typeof HEADS)[number];

export const HEAD_INFO: Record<Head, { net: 'pnet' | 'rnet' | 'onet'; kind: 'cls' | 'box' | 'landmarks'; label: string }> = {
  'pnet-cls': { net: 'pnet', kind: 'cls', label: 'P-Net face/no-face' },
  'pnet-box': { net: 'pnet', kind: 'box', label: 'P-Net box offsets' },
  'rnet-cls': { net: 'rnet', kind: 'cls', label: 'R-Net face/no-face' },
  'rnet-box': { net: 'rnet', kind: 'box', label: 'R-Net box offsets' },
  'onet-cls': { net: 'onet', kind: 'cls', label: 'O-Net face/no-face' },
  'onet-box': { net: 'onet', kind: 'box', label: 'O-Net box offsets' },
  'onet-landmarks': { net: 'onet', kind: 'landmarks', label: 'O-Net landmarks' },
};

export function isHead(value: string): value is Head {
  return (HEADS as readonly string[]).includes(value);
}
