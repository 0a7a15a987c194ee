/**
 * Messages the controller shows (errors and notices), including the core's and the worker's, translated for the user.
 * A message keeps its key and values (src/ui/i18n/messageText.ts), so a language switch re-translates it.
 */
const messages = {
  technicalDetails: 'Technical details',
  dismiss: 'Dismiss message',
  /** A failure that was not written for people; the raw error goes to the details. */
  failed: 'Something went wrong while {{doing}}. Try again; if it keeps happening, reload the page.',
  /** What the app was doing when something failed ("Something went wrong while …"). */
  doing: {
    attack: 'running the attack',
    camera: 'opening the camera',
    detect: 'detecting faces',
    start: 'starting the detector',
    sparse: 'training the sparse mask',
    compare: 'comparing the upsamplings',
    transfer: 'asking the second detector',
    defences: 'trying the defences',
    sweep: 'running the sweep',
    heads: 'running the head matrix',
    sweepSamples: 'loading the bundled samples for the sweep',
    gif: 'making the GIF',
    reading: 'reading “{{name}}”',
    sample: 'loading the sample “{{name}}”',
    lessonSample: "loading the lesson's sample photo",
  },
  engine: {
    cannotStart: 'The detector could not start.',
    unavailable: 'Detector unavailable. {{reason}}',
    noBackendLeft: 'The {{backend}} engine stopped and no other backend is left to try.',
    restarted: 'The {{backend}} engine stopped. It was restarted on {{next}}; your photo and settings are kept.',
    /** The engine's name when the backend is not known ("The detector engine stopped"). */
    detector: 'detector',
  },
  link: {
    refused: 'Some settings in the link could not be used and were left at their defaults: {{problems}}. The other settings were applied.',
    fromLink: 'From the link: {{notes}}.',
    otherPhoto: 'the link\'s face and scales were made for the sample “{{sample}}”, not for {{photo}}',
    faceMissing: 'face={{face}} does not apply: {{faces}} face(s) were found, so Face 1 is used',
    scalesMissing: "scales={{scales}} does not apply: this photo's pyramid has levels 0–{{last}}, so Auto is used",
    elsewhere: 'The link\'s face and scales were made for the sample “{{sample}}”; they do not apply to this photo, so Face 1 and Auto scales are used.',
    badBackend: 'backend={{value}} is not a backend (use {{list}}); the detector chooses one itself',
    badSample: 'sample={{value}} is not a bundled sample (use {{list}})',
    badTalk: 'talk={{value}} is not understood (use talk=1 for talk mode)',
    unknownKey: '{{key}} is not a setting this app knows',
  },
  /** Reading an uploaded, dropped or pasted photo (src/ui/decodeImage.ts). */
  photo: {
    notImage: '“{{name}}” is not an image (it is {{type}}). Choose a PNG, JPEG, WebP or GIF photo.',
    empty: '“{{name}}” could not be read as an image: the file is empty.',
    unsupported: '“{{name}}” is in a format that is not supported here ({{format}}); use PNG, JPEG or WebP.',
    tooLarge: '“{{name}}” is {{width}}×{{height}} pixels, too large to work with here (limit {{limit}} megapixels). Scale it down first.',
    damagedFormat: '“{{name}}” could not be read as an image: it is a {{format}} file, but it is damaged.',
    damaged: '“{{name}}” could not be read as an image: the file is not an image or it is damaged.',
    noOffscreen: 'This browser cannot draw images off-screen (OffscreenCanvas 2D is missing).',
    scaledDown: 'Scaled down from {{width}}×{{height}} to {{w}}×{{h}}: the working size is {{side}} px on the longer side, so attacks stay interactive.',
    transparent: 'Transparent areas were filled with white.',
  },
  /**
   * The core's and the worker's messages (src/ui/i18n/coreMessages.ts). The English repeats the
   * core's wording; only other languages use these.
   */
  core: {
    /** A core message no pattern knows, in a language other than English (its English goes to the details). */
    unrecognised: 'The app could not do this; the reason, in English, is under “Technical details”.',
    noFace: 'no face was detected in the image, so there is nothing to attack',
    faceMissing: 'face {{face}} does not exist: {{faces}} face(s) were detected (0–{{last}})',
    scaleOutOfRange: 'scale index {{index}} is out of range: the pyramid has levels 0–{{last}}',
    patchScaled: 'the patch covers none of the low-resolution perturbation cells the attack can change (make it larger, or use the full-resolution domain)',
    patchOutside: 'the patch lies outside the part of the image the attack can change (the attacked face and the pyramid windows around it)',
    stillStarting: 'The detector is still starting.',
    loadPhotoFirst: 'Load a photo before attacking it.',
    attackGone: 'That attack is no longer available (a newer attack, photo or reset replaced it). Run the attack again.',
    model: {
      download: 'The model file {{name}} could not be downloaded (HTTP {{status}}).',
      read: 'Cannot read model file "{{name}}": {{reason}}',
      manifestJson: 'Model manifest "{{name}}" is not valid JSON (corrupt file?)',
      manifestFormat: 'Model manifest "{{name}}" does not have the weights-manifest format',
      lacks: 'Model manifest lacks weight "{{name}}"',
      shape: 'Weight "{{name}}" is {{has}}, the net needs {{needs}}',
      shardSize: 'Model shard has {{bytes}} bytes, the manifest needs {{needed}} (truncated or corrupt file)',
      checksum: 'Model shard checksum does not match the published MTCNN weights (corrupt file?)',
    },
    tiny: {
      read: 'Cannot read the Tiny Face Detector\'s model file "{{name}}": {{reason}}',
      manifestJson: 'The Tiny Face Detector\'s manifest "{{name}}" is not valid JSON (corrupt file?)',
      manifestFormat: 'The Tiny Face Detector\'s manifest "{{name}}" does not have the weights-manifest format',
      lacks: 'The Tiny Face Detector\'s manifest lacks weight "{{name}}"',
      shape: 'Tiny Face Detector weight "{{name}}" has shape {{has}}, the network needs {{needs}}',
      shards: "The Tiny Face Detector's manifest names shard(s) {{names}}, expected {{expected}}",
      manifestChanged: 'The Tiny Face Detector\'s manifest "{{name}}" does not match the published one (altered or corrupt file?)',
      shardSize: 'The Tiny Face Detector\'s shard "{{name}}" has {{bytes}} bytes, the manifest needs {{needed}} (truncated or corrupt file?)',
      checksum: 'The Tiny Face Detector\'s shard "{{name}}" does not match the published weights (altered or corrupt file?)',
    },
    sweep: {
      vary: 'Vary one of {{list}}.',
      noValues: 'Give at least one value to try.',
      tooMany: 'At most {{max}} values (each one is an attack per face).',
    },
    /** The parameter schema's checks; {{who}} is the parameter's short name, or a link's or lesson file's entry with it. */
    param: {
      number: '{{who}} must be a number, got {{value}}',
      between: '{{who}} must be between {{min}} and {{max}}, got {{value}}',
      whole: '{{who}} must be a whole number, got {{value}}',
      oneOf: '{{who}} must be one of {{list}}, got "{{value}}"',
      atLeastOne: '{{who}} needs at least one of {{list}}',
      unknown: '{{who}}: unknown "{{value}}" (use {{list}})',
      scales: '{{who}} must be auto, all, or a list of pyramid level indices (0 = largest), got "{{value}}"',
      face: '{{who}} must be a face index (0 = first) or all, got "{{value}}"',
      onOff: '{{who}} must be on or off, got "{{value}}"',
      patch: '{{who}} must be a patch region, got {{value}}',
      whoReason: '{{who}}: {{reason}}',
    },
    /** The patch parser's reasons (src/core/attack/patch.ts). */
    patch: {
      tooMany: 'at most {{max}} shapes',
      empty: 'an empty shape between two ";"',
      unknownPreset: 'unknown preset "{{name}}" (use {{list}})',
      presetScale: 'a preset\'s scale must be above 0 and at most {{max}}, got "{{value}}"',
      notShape: '"{{item}}" is not preset:NAME[@SCALE], x,y,w,h, ellipse:x,y,w,h or frame:x,y,w,h',
      positive: '"{{item}}": width and height must be positive',
      beyond: '"{{item}}": coordinates beyond {{max}}',
    },
    /** Why this backend runs (the header's backend line; src/core/backend.ts). */
    backend: {
      requested: '{{name}} was requested (?backend={{name}})',
      requestedFailed: '{{name}} was requested but failed ({{why}}); {{rest}}',
      firstThatWorks: '{{name}} is the first that works ({{passed}})',
      preferred: '{{name}} is the preferred backend here',
      skipped: '{{name}}: {{why}}',
      noWebGpu: 'this browser has no WebGPU',
      noAdapter: 'no WebGPU adapter was offered',
      notAvailable: 'WebGPU is not available here',
      software: 'only a software WebGPU adapter ({{adapter}}), which is slower than WASM',
      initFailed: 'it failed to initialise',
      wrongResult: 'it computed a test convolution wrongly',
      couldNotStart: '{{name}} could not start',
      restartedAfter: 'restarted after {{name}}',
      restartedAfterFailure: 'restarted after a failure',
    },
  },
} as const;
export default messages;
