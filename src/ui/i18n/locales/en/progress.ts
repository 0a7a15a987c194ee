/** Attack progress, the charts, the replay bar and the boxes drawn on the photo. */
const progress = {
  title: 'Attack progress',
  pressRun: 'Press “Run attack” (or Space) to start.',
  settingUp: 'Setting up the attack…',
  ready: 'Ready',
  stopped: 'Stopped',
  finished: 'Finished',
  failed: 'Failed',
  stepOf: 'step {{done}} of {{total}}',
  msPerStep: '{{ms}} ms per step',
  stepsDone: 'Steps done',
  candidates: {
    label: 'Candidates on targeted scales',
    /** "Candidates <strong>12</strong> on the 5 attacked levels": the number is drawn in bold between the two parts. */
    count: 'Candidates',
    countAtStep: 'At step {{step}}: candidates',
    onAttacked: 'on the {{levels}} attacked levels',
    onToAttack: 'on the {{levels}} levels to attack',
    definition: 'A candidate is a P-Net window (12×12 pixels on one pyramid level) with face probability ≥ {{threshold}} that lies on the attacked face.',
  },
  charts: {
    /** A chart's accessible name: its title and its gist. */
    label: '{{title}}: {{summary}}',
    lossTitle: 'Loss (lower = closer to “no face”)',
    step: 'Step',
    loss: 'Loss',
    noSteps: 'no steps yet',
    lossSummary: '{{steps}} steps, latest {{loss}}',
    candidatesTitle: 'Candidates per attacked level',
    candidates: 'Candidates',
    level: 'level {{level}}',
  },
  tabs: {
    label: 'Stage views',
    charts: 'Charts',
    cascade: 'Cascade',
  },
  replay: {
    label: 'Replay',
    play: 'Play',
    step: 'Replay step',
    stepOf: 'step {{value}} of {{last}}',
    speed: 'Replay speed (steps per second)',
    speedOption: '{{speed}} steps/s',
    exportGif: 'Export GIF',
    making: 'Making the GIF… {{percent}}%',
    saved: 'GIF saved: {{frames}} frames, {{kb}} KB',
    failed: 'The GIF could not be made.',
  },
  /** The caption strip under each frame of the exported GIF. */
  gif: {
    step: 'step {{step}}/{{total}}',
    loss: 'loss {{loss}}',
    candidates_one: '{{count}} candidate',
    candidates_other: '{{count}} candidates',
    faces_one: '{{count}} face',
    faces_other: '{{count}} faces',
  },
} as const;
export default progress;
