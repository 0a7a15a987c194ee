/** The image pyramid, P-Net's face maps and the cascade view. */
const pyramid = {
  title: 'Image pyramid and P-Net face maps',
  intro:
    'P-Net looks for faces of exactly 12×12 pixels, so MTCNN shrinks the photo again and again (factor {{factor}}) and runs P-Net on every level: a face is found at the level where it is about 12 px tall.',
  tilesHint: 'Tiles with a yellow border are attacked; their maps and counts follow the attack live (and the replay).',
  /** The panel's hint: the intro, the app's definition of a candidate, the tiles' hint (Chinese joins sentences without spaces). */
  hint: '{{intro}} {{definition}} {{tiles}}',
  /** The scale picker. */
  auto: 'Auto (5 around the face)',
  all: 'All scales',
  stretch: 'Stretch colours per scale',
  attackLevel: 'Attack level {{index}}',
  legend: {
    shared: 'P-Net face probability',
    stretched: 'P-Net face probability (each tile from its own lowest to highest value)',
    lowest: 'lowest',
    highest: 'highest',
    threshold: '{{threshold}} candidate',
    readShared: 'Dark: no face; red to yellow: more and more sure of a face; the mark at {{threshold}} is the candidate threshold.',
    readStretched: 'Dark: no face; red to yellow: more and more sure of a face.',
  },
  level: {
    heatmap: 'Level {{index}} heatmap',
    name: 'Level {{index}}',
    scale: 'scale {{scale}}',
  },
  /** A tile's candidate count: before any attack, live (now / at a replayed step) or on the clean photo. */
  count: {
    plain_one: '{{count}} candidate',
    plain_other: '{{count}} candidates',
    now_one: '{{count}} candidate now',
    now_other: '{{count}} candidates now',
    atStep_one: '{{count}} candidate at step {{step}}',
    atStep_other: '{{count}} candidates at step {{step}}',
    clean_one: '{{count}} candidate (clean photo)',
    clean_other: '{{count}} candidates (clean photo)',
  },
  cascade: {
    title: 'The cascade on the attacked face',
    titleAtStep: 'The cascade on the attacked face, at step {{step}}',
    titleClean: 'The cascade on the attacked face, at the clean photo',
    funnel: 'Cascade funnel',
    pnet: 'P-Net ≥ {{threshold}}, all levels',
    nms: 'after NMS',
    final: 'final faces (IoU ≥ 0.5)',
    noFunnel: 'The funnel appears with the first preview of the attack.',
    crops: 'Face {{number}} as R-Net and O-Net see it',
    cropName: '{{net}} input for face {{number}}, {{size}}×{{size}} pixels',
    score: 'p(face)',
    noCrops: 'R-Net and O-Net crops of the attacked face, with their scores, come with the attack’s previews.',
    hint: 'Counted on the attacked face: P-Net proposes candidates on every level, NMS merges them, R-Net and O-Net re-score crops of what is left; the face is found when a final box still overlaps it (IoU ≥ 0.5). Made on the unrounded image with each preview.',
  },
} as const;
export default pyramid;
