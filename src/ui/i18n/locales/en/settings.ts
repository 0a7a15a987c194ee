/** The attack settings panel, presets and number fields. */
const settings = {
  title: 'Attack settings',
  intro: 'Adds a small perturbation δ (at most ε per pixel) that pushes MTCNN toward “no face”, step by step along the sign of the gradient.',
  preset: {
    label: 'Preset',
    custom: 'Custom',
    hint: 'A known starting point; changing any setting makes it Custom.',
  },
  /** The presets of src/ui/presets.ts, by id. */
  presets: {
    demo: 'Reliable demo (ε 0.05, α 0.004, 50 steps)',
    seed: 'Seed paper (ε 0.03, α 0.0047568, 50 steps)',
    strong: 'Every scale (ε 0.05, α 0.002, 100 steps)',
  },
  methods: {
    fgsm: 'FGSM (one step of size ε)',
    ifgsm: 'I-FGSM / BIM (steps of α, no random start)',
    pgd: 'PGD (I-FGSM from a seeded random start)',
    mifgsm: 'MI-FGSM (with momentum)',
  },
  methodHint: "How each step is taken. PGD is the seed paper's: many small steps from a random start.",
  face: {
    option: 'Face {{number}}',
    all: 'All faces',
    hint: 'Faces are numbered from left to right, as on the photo; the loss covers P-Net windows on that face.',
  },
  hints: {
    eps: 'On the 0–1 scale: {{eps}} ≈ {{grey}} grey levels of 255.',
    alpha: 'How far each step moves; too large and the attack jumps straight to the ε edge.',
    decay: 'MI-FGSM only: how much of the previous direction each step keeps.',
    seed: "PGD's random start; the same seed repeats the same run.",
    eot: 'Averages the gradient over this many augmented copies (small rescales, shifts, blur, JPEG-like noise); 0 = off. Each copy costs another forward and backward pass.',
    tv: 'Total variation penalty on δ: larger values give smoother, less blotchy perturbations.',
  },
  heads: {
    hint: 'Face/no-face heads are pushed toward “no face”; box and landmark heads away from their clean outputs.',
    /** The heads of src/core/attack/heads.ts (HEAD_INFO), by id. */
    names: {
      'pnet-cls': 'P-Net face/no-face',
      'pnet-box': 'P-Net box offsets',
      'rnet-cls': 'R-Net face/no-face',
      'rnet-box': 'R-Net box offsets',
      'onet-cls': 'O-Net face/no-face',
      'onet-box': 'O-Net box offsets',
      'onet-landmarks': 'O-Net landmarks',
    },
  },
  headNorm: {
    gradient: 'Balanced gradients (each head counts the same)',
    sum: 'Plain sum of the losses',
    hint: 'With several heads the crop heads’ gradients are about 10× P-Net’s; balancing scales each head’s gradient to the same mean size.',
  },
  tvKinds: {
    iso: 'Isotropic √(dx² + dy²)',
    aniso: 'Anisotropic |dx| + |dy|',
  },
  domains: {
    full: 'Full resolution',
    'scaled-bilinear': 'Low resolution, bilinear upsampling',
    'scaled-nearest': 'Low resolution, nearest upsampling',
  },
  domainHint: 'Low resolution: δ lives on the finest attacked pyramid level and is enlarged; nearest enlarging leaves visible blocks.',
  noFace: 'No face detected in this photo: nothing to attack.',
  /** A number field (NumberField.tsx): its slider's name and the messages for a refused value. */
  field: {
    slider: '{{label}} slider',
    notNumber: '{{label}} must be a number.',
    outOfRange: '{{label}} must be between {{min}} and {{max}}; {{value}} was not applied.',
    notWhole: '{{label}} must be a whole number.',
  },
} as const;
export default settings;
