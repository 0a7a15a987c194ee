/** The patch panel. */
const patch = {
  title: 'Patch attack',
  intro:
    'Confine the perturbation to a region, like a printed patch on the cheeks (Kaziakhmedov et al., 2019): drag on the photo to draw rectangles or ellipses, or place a preset from the attacked face’s landmarks. Outside the patch δ is exactly zero; inside it may reach “{{patchEps}}”. Then run the attack as usual; every method and head works, and the result can be pruned.',
  tools: {
    name: 'Drawing tool',
    rect: 'Rectangle',
    ellipse: 'Ellipse',
    undo: 'Undo shape',
    clear: 'Clear patch',
  },
  editor: {
    name: 'Patch editor: {{photo}} with the patch region tinted; drag to draw a {{shape}}',
    rect: 'rectangle',
    ellipse: 'ellipse',
  },
  /** The presets of src/core/attack/patch.ts (PATCH_PRESETS): the buttons, and the same words inside a sentence. */
  presets: {
    name: 'Patch presets',
    cheeks: 'Both cheeks',
    forehead: 'Forehead band',
    glasses: 'Glasses frame',
    mouth: 'Mouth',
  },
  presetsInSentence: {
    cheeks: 'both cheeks',
    forehead: 'forehead band',
    glasses: 'glasses frame',
    mouth: 'mouth',
  },
  size: {
    label: 'Preset size',
    hint: 'Scales each preset shape about its centre.',
  },
  patchEpsHint: 'Up to 1 (any colour, a printed patch); 0 uses ε.',
  summary: {
    name: 'Patch summary',
    none: 'No patch: the attack may change every pixel it reads.',
    shapes_one: 'Patch {{patch}}: {{count}} shape, {{area}} pixels of the photo (δ is zero elsewhere); ε inside {{inside}}.',
    shapes_other: 'Patch {{patch}}: {{count}} shapes, {{area}} pixels of the photo (δ is zero elsewhere); ε inside {{inside}}.',
  },
  search: {
    smallest: 'Smallest patch',
    stop: 'Stop search',
    name: 'Patch search',
    starting: 'Starting…',
    trying: 'Trying {{preset}} at {{scale}}× …',
    found: 'Smallest evading patch: {{scale}}× ({{area}} pixels). Run attack again to see it.',
    none: 'No size up to {{max}}× evaded.',
    stopped: 'Search stopped.',
  },
  tries: {
    caption: 'Sizes tried (each a full attack, judged on the 8-bit image)',
    size: 'Size',
    pixels: 'Pixels',
    verdict: 'Verdict',
    evaded: 'Evaded',
    detected: 'Still detected',
  },
} as const;
export default patch;
