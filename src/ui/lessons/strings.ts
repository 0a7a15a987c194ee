/*
 * Every English string of the lessons feature, in one place, so that it can go through an i18n
 * library later without hunting for text in the components. Templated strings are functions.
 */

/** Visible names of the controls that are not one parameter (the others use the schema's label). */
export const CONTROL_LABELS = {
  photo: 'Photo (upload, samples, camera)',
  preset: 'Preset',
  patch: 'Patch region (patch panel)',
  prune: 'Sparse mask (Prune perturbation)',
} as const;

export const BUNDLED_TEXT = {
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
} as const;

export const LESSON_TEXT = {
  menu: 'Lessons',
  menuBundled: 'Bundled lessons',
  createLink: 'Create lesson link',
  saveLesson: 'Save lesson',
  // The task card
  taskHeading: (title: string | null) => (title ? `Task: ${title}` : 'Task'),
  taskStatus: 'Task status',
  goalPrefix: 'Goal: ',
  lockedNote: 'This lesson locks some settings (greyed out) and may hide others.',
  lockedGroup: 'Locked by the lesson',
  photoKept: 'This lesson keeps its photo; you can still open a lesson file.',
  lessonFileHint: ' A lesson file (.json) opens the same way.',
  // The dialog
  dialogTitle: 'Create lesson link',
  dialogIntro:
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
  hideLegend: 'Hide these controls',
  lockLegend: 'Lock these controls (shown, disabled)',
  linkLabel: 'Lesson link',
  copyLink: 'Copy link',
  copied: 'Copied to the clipboard.',
  copyFailed: 'The browser did not allow copying: select the link in the field and copy it yourself.',
  saveFile: 'Save lesson file',
  close: 'Close',
  openedLesson: (name: string) => `Opened the lesson “${name}”.`,
} as const;

export const GOAL_TEXT = {
  evade: 'hide the face from the detector',
  maxEps: (v: number) => `with ε at most ${v}`,
  maxL0: (v: number) => `changing at most ${v.toLocaleString('en-US')} pixels`,
  maxScales: (v: number) => `attacking at most ${v} pyramid level${v === 1 ? '' : 's'}`,
  waiting: 'Run an attack to check the goal.',
  running: 'The goal is checked when the attack ends.',
  pruning: 'The goal is checked again when the mask is trained.',
  failed: 'The attack did not finish; run it again.',
  done: 'Task done',
  notYet: 'Not yet',
  faceDetected: (faces: number[]) => `face ${faces.join(', ')} ${faces.length === 1 ? 'is' : 'are'} still detected`,
  evaded: 'the face is hidden',
  linfOver: (linf: number, max: number) => `the perturbation reaches ${linf.toFixed(4)} (L∞), above ε ${max}`,
  linfOk: (linf: number, max: number) => `L∞ ${linf.toFixed(4)} within ε ${max}`,
  l0Over: (l0: number, max: number) => `${l0.toLocaleString('en-US')} pixels changed, more than ${max.toLocaleString('en-US')}`,
  l0Ok: (l0: number, max: number) => `${l0.toLocaleString('en-US')} pixels changed (at most ${max.toLocaleString('en-US')})`,
  scalesOver: (n: number, max: number) => `${n} pyramid levels attacked, more than ${max}`,
  scalesOk: (n: number, max: number) => `${n} pyramid level${n === 1 ? '' : 's'} attacked (at most ${max})`,
  pruneHint: 'try “Prune perturbation” to keep fewer pixels',
  sparse: 'pruned attack',
} as const;

export const FILE_TEXT = {
  notJson: (name: string) => `“${name}” is not a lesson file: it is not valid JSON.`,
  notLesson: (name: string) => `“${name}” is not a lesson file of this app (it has no "format": "mtcnn-attack-lesson").`,
  version: (name: string, version: unknown) =>
    `“${name}” is a lesson file of version ${String(version)}; this app reads version 1. Open it with the app version that wrote it, or save it again.`,
  noPhoto: (name: string) => `“${name}” names no photo: it needs "photo": {"sample": …} or {"image": "data:image/png;base64,…"}.`,
  badSample: (name: string, sample: string, samples: readonly string[]) =>
    `“${name}” asks for the sample “${sample}”, which this app does not have (it has ${samples.join(', ')}).`,
  badImage: (name: string) => `The photo inside “${name}” is not a PNG, JPEG or WebP image in a data URL, so the lesson cannot be opened.`,
  unreadableImage: (name: string) => `The photo inside “${name}” could not be read: it is damaged. Nothing was changed.`,
  ignoredKeys: (keys: string[]) => `Ignored what this app does not know: ${keys.join(', ')}.`,
  refused: (messages: string[]) => `Some settings could not be used and were left at their defaults: ${messages.join('; ')}.`,
  fetchFailed: (path: string) => `The lesson “${path}” could not be loaded from this site. Check the link; the app opened without it.`,
  notSameOrigin: (path: string) => `lesson=${path} is not on this site; only lesson files from the same site can be opened from a link.`,
  photoLocked: 'This lesson keeps its photo: the photo controls are locked.',
  applied: (name: string) => `Opened the lesson file “${name}”.`,
} as const;
