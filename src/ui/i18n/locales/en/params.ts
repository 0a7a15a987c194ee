/**
 * The attack and mask parameters of the schema (src/core/params/schema.ts), keyed by their link key
 * (the field, except the mask's seed: maskSeed): label (the field's visible label and accessible
 * name), name (the short name used in sentences) and help, exactly as the schema has them (a unit
 * test checks). The schema's English stays the CLI's.
 */
const params = {
  method: { label: 'Method', name: 'method', help: 'fgsm, ifgsm, pgd (random start) or mifgsm (momentum)' },
  eps: { label: 'ε (max change per pixel)', name: 'ε', help: 'L∞ budget on the 0–1 scale (0.03 ≈ 7.7 grey levels)' },
  alpha: { label: 'α (step size)', name: 'α', help: 'step size per iteration on the 0–1 scale' },
  steps: { label: 'Steps', name: 'steps', help: 'number of iterations (FGSM takes one)' },
  decay: { label: 'Momentum μ', name: 'momentum μ', help: 'MI-FGSM momentum decay' },
  scales: { label: 'Scales', name: 'scales', help: 'auto (5 levels around the face), all, or level indices i,j,k (0 = largest)' },
  face: { label: 'Face to attack', name: 'face', help: 'face index (0 = first) or all' },
  heads: {
    label: 'Target heads',
    name: 'heads',
    help: 'the heads whose outputs the loss pushes (face/no-face heads toward “no face”, the others away from their clean outputs)',
  },
  tv: { label: 'Smoothness weight (TV)', name: 'TV weight', help: 'total-variation penalty weight on δ' },
  tvKind: { label: 'TV kind', name: 'TV kind', help: 'iso or aniso' },
  domain: { label: 'Perturbation domain', name: 'domain', help: 'full, scaled-bilinear, scaled-nearest' },
  conventions: { label: 'Conventions', name: 'conventions', help: 'facenet (reference) or faceapi (comparison)' },
  seed: { label: 'Random seed', name: 'seed', help: "seed of PGD's random start" },
  patch: {
    label: 'Patch region',
    name: 'patch',
    help: "confine δ to a region: none, preset:cheeks|forehead|glasses|mouth[@SCALE] (placed from the landmarks), x,y,w,h (rectangle in pixels), ellipse:x,y,w,h or frame:x,y,w,h, joined by ';'",
  },
  patchEps: { label: 'ε inside the patch', name: 'patch ε', help: 'L∞ bound inside the patch, up to 1 (a printed patch); 0 = ε' },
  headNorm: {
    label: 'Combine heads by',
    name: 'head balance',
    help: 'with several heads: gradient (each head’s gradient scaled to the same mean size before summing) or sum (the plain sum of the losses); one head: no difference',
  },
  eot: {
    label: 'Augmented copies (EOT)',
    name: 'EOT copies',
    help: 'average the gradient over the image and this many augmented copies (rescale ±10%, shift, blur, JPEG-like noise); 0 = off',
  },
  lambda: { label: 'λ (sparsity weight)', name: 'λ', help: 'weight of mean(m): larger keeps fewer pixels' },
  iterations: { label: 'Mask iterations', name: 'iterations', help: 'mask training iterations' },
  a0: { label: 'a₀ (initial sharpness)', name: 'a₀', help: 'sharpness of sigmoid(a·z) at the start' },
  growth: { label: 'Sharpness growth per iteration', name: 'growth', help: 'factor a grows by each iteration' },
  lr: { label: 'Learning rate', name: 'learning rate', help: 'Adam learning rate' },
  encoder: { label: 'Mask encoder', name: 'encoder', help: 'conv (the paper’s), free (per-pixel logits) or random (ablation)' },
  maskSeed: { label: 'Mask seed', name: 'mask seed', help: 'seed of the encoder’s initial weights and of the random mask' },
  autoLambda: {
    label: 'Automatic λ',
    name: 'automatic λ',
    help: 'on: start at λ, raise it while the judged mask evades and lower it when it stops; off: λ stays fixed',
  },
  judgeEvery: {
    label: 'Judge the mask every … iterations',
    name: 'judge every',
    help: 'judge the binary mask on the 8-bit image (full cascade) every k iterations and on the last; the sparsest evading mask is returned',
  },
  trim: {
    label: 'Trim judgements',
    name: 'trim judgements',
    help: 'after training, judgements spent keeping fewer of the best mask’s locations (highest logits first, bisection on their number); 0 = none',
  },
  refine: { label: 'Refine δ with the mask', name: 'refine δ', help: 'on: also update δ (signed steps of α within its bound) while the mask trains' },
} as const;
export default params;
