/**
 * Short explanations shown where the words appear (the Explain popover). `term` is the word as the
 * button names it ("What is IoU?"); `body` is two or three sentences for a student.
 */
const explain = {
  iou: {
    term: 'IoU',
    title: 'IoU (intersection over union)',
    body: 'How much two boxes overlap: the area they share divided by the area they cover together. 1 means the same box, 0 means no overlap. After the attack a face counts as still detected when some detection has IoU ≥ 0.5 with its clean box.',
  },
  norms: {
    term: 'L0, L1, L2, L∞',
    title: 'Sizes of the perturbation δ',
    body: 'Measured on the saved 8-bit image, with pixel values on a 0–1 scale. L∞ is the largest change of any value; L2 is the square root of the sum of squared changes; L1 is the sum of absolute changes; L0 counts what changed at all: pixel locations (any colour channel) or single values (each channel).',
  },
  psnr: {
    term: 'PSNR',
    title: 'PSNR (peak signal-to-noise ratio)',
    body: 'How close the attacked image is to the original, in decibels: 10·log10(1 / mean squared change). Higher means harder to see; above about 40 dB most people cannot tell the two apart.',
  },
  heads: {
    term: 'heads',
    title: 'Heads',
    body: 'Each MTCNN network ends in several outputs, its heads: a face/no-face score (classification), a box correction (regression), and for O-Net five landmarks. An attack can push any of them: classification toward “no face”, box and landmarks away from their clean values.',
  },
  epsilon: {
    term: 'ε',
    title: 'ε, the perturbation budget',
    body: 'The most any pixel value may change, on a 0–1 scale. Saved images have 256 grey levels, so ε = 0.03 is about 8 levels (0.03 × 255 ≈ 7.7); below 1/255 ≈ 0.004 a change can vanish when the image is rounded to 8 bits.',
  },
  cascade: {
    term: 'cascade',
    title: 'The MTCNN cascade',
    body: 'Three networks in a row. P-Net slides a 12×12 window over every level of the image pyramid and proposes candidate boxes; R-Net looks at each candidate at 24×24 and rejects most; O-Net looks at the rest at 48×48, refines the box and finds the landmarks. A face that P-Net never proposes cannot be found later.',
  },
  pyramid: {
    term: 'image pyramid',
    title: 'The image pyramid',
    body: 'P-Net only sees 12×12 windows, so MTCNN shrinks the photo again and again (by 0.709 each time) and runs P-Net on every level. A large face is found on a small level, a small face on a large one; an attack has to work on the levels where the face is found.',
  },
  candidates: {
    term: 'candidate boxes',
    title: 'P-Net’s candidate boxes',
    body: 'Windows where P-Net’s face probability is above its threshold (0.6), mapped back to the photo. They are what R-Net and O-Net get to check. The attack succeeds early when none are left near the face.',
  },
  verdict: {
    term: 'verdict',
    title: 'The verdict on the 8-bit image',
    body: 'The attack works on real numbers, but a saved image has whole grey levels. So the verdict rounds the attacked image to 8 bits and runs the whole cascade on it, as anyone who downloads the image would. A face that only disappears before rounding is not hidden.',
  },
  table32: {
    term: 'Table 3-2',
    title: 'Table 3-2 of the AutoAdversary paper',
    body: 'The source paper prunes dense perturbations on ImageNet and reports how many values each attack changes, dense and pruned, at several budgets; for example PGD changes 241,981 values at ε = 8/255 and the pruned PGD* only 8,341, with the same success. This table is the same comparison for your face.',
  },
} as const;
export default explain;
