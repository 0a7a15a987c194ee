/** Lessons: the menu, the task card and its goal, the "Create lesson link" dialog, lesson files and links. */
const lessons = {
  /** Visible names of the controls that are not one parameter (the others use the parameter's label). */
  controls: {
    photo: 'Photo (upload, samples, camera)',
    preset: 'Preset',
    patch: 'Patch region (patch panel)',
    prune: 'Sparse mask (Prune perturbation)',
  },
  /** The bundled lessons (src/ui/lessons/bundled.ts): the task card shows them in the page's language. */
  bundled: {
    epsilon: {
      title: 'What ε buys you',
      task:
        'ε is the most any pixel may change. Find the smallest ε that still hides the face: run the attack, lower ε, run again. ' +
        'Where does the face come back? Hide it with ε at most 0.03 (about 8 grey levels of 255).',
    },
    scales: {
      title: 'Scales matter',
      task:
        'This attack works on pyramid levels 0 and 1, where the face is far larger than P-Net’s 12×12 window. Run it: the face survives. ' +
        'Then look at the pyramid below, find the levels where the face has candidates, and attack those instead — at most 3 levels.',
    },
    pixels: {
      title: 'Fewer pixels',
      task:
        'A dense attack changes almost every pixel near the face. Run it, then press “Prune perturbation”: AutoAdversary learns which pixels matter. ' +
        'Hide the face while changing at most 5,000 pixels (the dense attack changes over 100,000).',
    },
  },
  menu: 'Lessons',
  menuBundled: 'Bundled lessons',
  createLink: 'Create lesson link',
  saveLesson: 'Save lesson',
  task: {
    heading: 'Task: {{title}}',
    headingPlain: 'Task',
    status: 'Task status',
    goalPrefix: 'Goal: ',
  },
  lockedNote: 'This lesson locks some settings (greyed out) and may hide others.',
  lockedGroup: 'Locked by the lesson',
  photoKept: 'This lesson keeps its photo; you can still open a lesson file.',
  lessonFileHint: ' A lesson file (.json) opens the same way.',
  dialog: {
    title: 'Create lesson link',
    intro:
      'The link holds the photo (when it is a bundled sample), the face, the scales and every setting as they are now, and what you choose below. ' +
      'Students who open it see the same experiment.',
    uploadedPhoto:
      'This photo was uploaded: a link cannot carry it, so the link opens the astronaut sample. Use “Save lesson file” to hand out the photo itself.',
    taskLabel: 'Task for the students',
    taskHint: 'Shown on a card at the top of the page. Leave empty for none.',
    titleLabel: 'Lesson title',
    goalLabel: 'Goal',
    goalKindLabel: 'What the students must do',
    goalNone: 'No goal',
    goalEvade: 'Hide the face (evade the detector)',
    maxEpsLabel: 'Largest ε allowed',
    maxL0Label: 'Most changed pixels allowed (L0)',
    maxScalesLabel: 'Most pyramid levels attacked',
    limitHint: 'Empty: no limit.',
    limitError: '{{label}}: {{problem}}; it is left out of the link.',
    hideLegend: 'Hide these controls',
    lockLegend: 'Lock these controls (shown, disabled)',
    linkLabel: 'Lesson link',
    copyLink: 'Copy link',
    copied: 'Copied to the clipboard.',
    copyFailed: 'The browser did not allow copying: select the link in the field and copy it yourself.',
    saveFile: 'Save lesson file',
    close: 'Close',
  },
  /** The goal and its check against the verdict (src/ui/lessons/goal.ts). */
  goal: {
    evade: 'hide the face from the detector',
    maxEps: 'with ε at most {{value}}',
    maxL0: 'changing at most {{value}} pixels',
    maxScales_one: 'attacking at most {{count}} pyramid level',
    maxScales_other: 'attacking at most {{count}} pyramid levels',
    /** The goal in words: its parts joined by `comma`. */
    describe: '{{parts}}.',
    comma: ', ',
    waiting: 'Run an attack to check the goal.',
    running: 'The goal is checked when the attack ends.',
    pruning: 'The goal is checked again when the mask is trained.',
    failed: 'The attack did not finish; run it again.',
    done: 'Task done',
    doneSparse: 'Task done (pruned attack)',
    notYet: 'Not yet',
    faceDetected_one: 'face {{faces}} is still detected',
    faceDetected_other: 'face {{faces}} are still detected',
    /** Between face numbers ("face 2, 3 are still detected"). */
    faceList: ', ',
    evaded: 'the face is hidden',
    linfOver: 'the perturbation reaches {{linf}} (L∞), above ε {{max}}',
    linfOk: 'L∞ {{linf}} within ε {{max}}',
    l0Over: '{{l0}} pixels changed, more than {{max}}',
    l0Ok: '{{l0}} pixels changed (at most {{max}})',
    scalesOver: '{{levels}} pyramid levels attacked, more than {{max}}',
    scalesOk_one: '{{count}} pyramid level attacked (at most {{max}})',
    scalesOk_other: '{{count}} pyramid levels attacked (at most {{max}})',
    pruneHint: 'try “Prune perturbation” to keep fewer pixels',
    /** The card's status: "Not yet: a; b." */
    sentence: '{{head}}: {{parts}}.',
    semicolon: '; ',
  },
  /** Why a goal's limit is refused (after the limit's name). */
  limit: {
    number: 'must be a number, got {{value}}',
    range: 'must be between {{min}} and {{max}}, got {{value}}',
    whole: 'must be a whole number, got {{value}}',
  },
  /** A link's or a lesson file's lesson entries that cannot be used. */
  problems: {
    keyed: '{{key}} {{reason}}',
    limit: '{{key}}={{raw}}: {{problem}}',
    goalKind: 'goal={{kind}} is not a goal this app checks (use goal=evade)',
    tooLong: '{{key}} is {{length}} characters long; at most {{max}} are shown, so it was cut',
    hide: 'hide={{ids}}: not a control this app can hide (use {{list}})',
    lock: 'lock={{ids}}: not a control this app can lock (use {{list}})',
  },
  /** Lesson files and lesson=<path> links (src/ui/lessons/lessonFile.ts, the controller). */
  file: {
    notJson: '“{{name}}” is not a lesson file: it is not valid JSON.',
    notLesson: '“{{name}}” is not a lesson file of this app (it has no "format": "mtcnn-attack-lesson").',
    version: '“{{name}}” is a lesson file of version {{version}}; this app reads version 1. Open it with the app version that wrote it, or save it again.',
    noPhoto: '“{{name}}” names no photo: it needs "photo": {"sample": …} or {"image": "data:image/png;base64,…"}.',
    badSample: '“{{name}}” asks for the sample “{{sample}}”, which this app does not have (it has {{samples}}).',
    badImage: 'The photo inside “{{name}}” is not a PNG, JPEG or WebP image in a data URL, so the lesson cannot be opened.',
    unreadableImage: 'The photo inside “{{name}}” could not be read: it is damaged. Nothing was changed.',
    ignoredKeys: 'Ignored what this app does not know: {{keys}}.',
    refused: 'Some settings could not be used and were left at their defaults: {{problems}}.',
    settingsNotObject: 'settings must be an object of parameters',
    badBackend: 'backend {{value}} is not a backend (use {{list}})',
    goalNotObject: 'goal must be an object such as {"kind": "evade", "maxEps": 0.02}',
    fetchFailed: 'The lesson “{{path}}” could not be loaded from this site. Check the link; the app opened without it.',
    notSameOrigin: 'lesson={{path}} is not on this site; only lesson files from the same site can be opened from a link.',
    photoLocked: 'This lesson keeps its photo: the photo controls are locked.',
    applied: 'Opened the lesson file “{{name}}”.',
  },
} as const;
export default lessons;
