/** The mask panel (AutoAdversary pruning). */
const mask = {
  title: 'Sparse mask (AutoAdversary)',
  intro:
    'Most of a dense perturbation is not needed. A small network learns a pixel mask m (one value per location, pushed to 0 or 1 by sigmoid(a·z) with a growing); the loss adds λ·mean(m), so every kept pixel must earn its place. The result is judged again on the 8-bit image.',
  hints: {
    autoLambda: 'Raises λ while the judged mask evades and lowers it (going back to the best mask) when it stops.',
    lambdaAuto: 'The starting λ; the automatic λ moves it.',
    lambdaFixed: 'Larger keeps fewer pixels; too large and the attack stops working.',
    judgeEvery: 'Each judgement is a full detection on the 8-bit image; the sparsest evading mask is kept.',
    trim: 'After training: try keeping fewer of the best mask’s pixels (highest logits first).',
    refine: 'The paper’s joint variant: δ keeps taking attack steps (within its bound) on the pixels the mask keeps.',
  },
  encoders: {
    conv: "Small convolutional encoder (the paper's)",
    free: 'Free per-pixel logits (ablation)',
    random: 'Random mask of the learned size (ablation)',
  },
  prune: 'Prune perturbation',
  stop: 'Stop pruning',
  progress: {
    name: 'Mask progress',
    training: 'Training the mask',
    stopped: 'Mask stopped early',
    trained: 'Mask trained',
    failed: 'Failed',
    detail: 'iteration {{iteration}} of {{total}} · {{kept}} locations kept · mean m {{mean}} · a {{a}} · λ {{lambda}}',
  },
  judgements: {
    caption: 'Masks judged on the 8-bit image (λ goes up while the mask evades, down when the face comes back)',
    iteration: 'Iteration',
    locations: 'Locations',
    verdict: 'Verdict',
    trimmed: '{{iteration}} (trimmed)',
    evaded: 'Evaded',
    faceBack: 'Face back',
    kept: ' (kept)',
  },
  pictures: {
    live: 'Mask (live)',
    mask: 'Mask',
    overlay: 'Binary mask over the photo',
    sparse: 'Sparse perturbation ×{{amplify}}',
  },
  verdict: {
    name: 'Sparse verdict',
    face: 'Sparse attack, face {{number}}: ',
    evaded: 'Evaded',
    detected: 'Still detected',
  },
  /** Which judged mask the result is (the sparsest evading one, never worse than dense). */
  kept: {
    dense: 'the dense perturbation itself (no pruned mask evaded)',
    iteration: 'iteration {{iteration}} (λ {{lambda}})',
    random: 'A random mask with as many pixels as the learned one from {{from}} (the ablation).',
    sparsest: 'Kept the sparsest mask that evaded when judged: {{from}}.',
    noneEvaded: 'No mask evaded; showing {{from}}.',
    denseFailed: 'The dense attack did not evade either; showing the mask closest to evading: {{from}}.',
  },
  table: {
    caption: "Dense vs sparse (as in the paper's Table 3-2; on the 8-bit images)",
    attack: 'Attack',
    success: 'Success',
    l0Pixels: 'L0 pixels',
    l0Values: 'L0 values',
  },
  downloadMask: 'Download mask PNG',
  downloadSparse: 'Download sparse adversarial PNG',
} as const;
export default mask;
