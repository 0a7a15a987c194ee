import type { BackendChoice } from '../../core/backend';
import { ALL_SPECS, type ParamSpec } from '../../core/params/schema';
import { currentLanguage, type Language } from './index';
import type { MessageText, MessageValue, TextKey } from './messageText';
import { specText } from './paramText';

/*
 * The core and the worker write their messages in English: the core is shared with the English CLI,
 * so nothing is translated there. The app translates them here, by pattern: each user-facing
 * message of the core (AttackSetupError, UnknownRunError and ModelLoadError texts, the parameter
 * schema's checks, a sweep's checks, the patch parser's) is a regular expression whose captured
 * values fill a sentence of the "messages" namespace (core.*). English templates there repeat the
 * core's wording exactly (coreMessages.test.ts checks each against the core's text). A message no
 * pattern knows stays English (inside a list) or becomes a general sentence with the English under
 * "Technical details" (alone; see messageText.ts).
 *
 * The header's backend line (the worker's BackendChoice.reason and the app's backend note) is
 * rebuilt here from its parts in Chinese.
 */

type Values = Record<string, MessageValue>;
interface Pattern {
  re: RegExp;
  key: TextKey;
  values?: (m: RegExpExecArray, lang: Language) => Values;
}

const g = (m: RegExpExecArray, i: number) => m[i] ?? '';

/** A parameter's short name in `lang` (the schema's name in English). */
const paramName = (spec: ParamSpec, lang: Language) => specText(spec, 'name', lang);

/**
 * Who a parameter message is about: the schema's short name ("ε"), or a link entry and the name
 * ("eps=abc: ε", a lesson file's "eps lots: ε"). In Chinese the name is the app's word for it.
 */
function who(raw: string, lang: Language): string {
  if (lang === 'en') return raw;
  const alone = ALL_SPECS.find((s) => s.name === raw);
  if (alone) return paramName(alone, lang);
  const m = /^(.*): (.+)$/.exec(raw);
  const spec = m ? ALL_SPECS.find((s) => s.name === m[2]) : undefined;
  return m && spec ? `${m[1]}（${paramName(spec, lang)}）` : raw;
}

/** `who` before a verb: in Chinese a space after a Latin word ("ε 必须…"), none after Chinese ("步数必须…"). */
function whoSubject(raw: string, lang: Language): string {
  const w = who(raw, lang);
  return lang === 'en' || /[\u4e00-\u9fff）”]$/.test(w) ? w : `${w} `;
}

/** The patch parser's reasons (after "<who>: "). */
const PATCH_REASONS: Pattern[] = [
  { re: /^at most (\d+) shapes$/, key: 'messages:core.patch.tooMany', values: (m) => ({ max: g(m, 1) }) },
  { re: /^an empty shape between two ";"$/, key: 'messages:core.patch.empty' },
  { re: /^unknown preset "(.*)" \(use (.+)\)$/, key: 'messages:core.patch.unknownPreset', values: (m) => ({ name: g(m, 1), list: g(m, 2) }) },
  { re: /^a preset's scale must be above 0 and at most (\S+), got "(.*)"$/, key: 'messages:core.patch.presetScale', values: (m) => ({ max: g(m, 1), value: g(m, 2) }) },
  { re: /^"(.*)" is not preset:NAME\[@SCALE\], x,y,w,h, ellipse:x,y,w,h or frame:x,y,w,h$/, key: 'messages:core.patch.notShape', values: (m) => ({ item: g(m, 1) }) },
  { re: /^"(.*)": width and height must be positive$/, key: 'messages:core.patch.positive', values: (m) => ({ item: g(m, 1) }) },
  { re: /^"(.*)": coordinates beyond (\d+)$/, key: 'messages:core.patch.beyond', values: (m) => ({ item: g(m, 1), max: g(m, 2) }) },
];

function patchReason(text: string, lang: Language): MessageText | null {
  for (const p of PATCH_REASONS) {
    const m = p.re.exec(text);
    if (m) return { key: p.key, values: p.values?.(m, lang) ?? {} };
  }
  return null;
}

/** Every user-facing message of the core and the worker, most specific first. */
const PATTERNS: Pattern[] = [
  // The attack's set-up (core/attack/dense.ts, core/experiments/headMatrix.ts, worker/engine.ts).
  { re: /^no face was detected in the image, so there is nothing to attack$/, key: 'messages:core.noFace' },
  { re: /^face (\d+) does not exist: (\d+) face\(s\) were detected \(0–(-?\d+)\)$/, key: 'messages:core.faceMissing', values: (m) => ({ face: g(m, 1), faces: g(m, 2), last: g(m, 3) }) },
  { re: /^scale index (\d+) is out of range: the pyramid has levels 0–(-?\d+)$/, key: 'messages:core.scaleOutOfRange', values: (m) => ({ index: g(m, 1), last: g(m, 2) }) },
  {
    re: /^the patch covers none of the low-resolution perturbation cells the attack can change \(make it larger, or use the full-resolution domain\)$/,
    key: 'messages:core.patchScaled',
  },
  { re: /^the patch lies outside the part of the image the attack can change \(the attacked face and the pyramid windows around it\)$/, key: 'messages:core.patchOutside' },
  { re: /^The detector is still starting\.$/, key: 'messages:core.stillStarting' },
  // The run session (core/run/session.ts).
  { re: /^Load a photo before attacking it\.$/, key: 'messages:core.loadPhotoFirst' },
  { re: /^That attack is no longer available \(a newer attack, photo or reset replaced it\)\. Run the attack again\.$/, key: 'messages:core.attackGone' },
  // The model files (worker/engine.ts, core/mtcnn/weights.ts, core/transfer/weights.ts).
  { re: /^The model file (.+) could not be downloaded \(HTTP (\d+)\)\.$/, key: 'messages:core.model.download', values: (m) => ({ name: g(m, 1), status: g(m, 2) }) },
  { re: /^Cannot read model file "(.+?)": (.*)$/s, key: 'messages:core.model.read', values: (m) => ({ name: g(m, 1), reason: g(m, 2) }) },
  { re: /^Model manifest "(.+)" is not valid JSON \(corrupt file\?\)$/, key: 'messages:core.model.manifestJson', values: (m) => ({ name: g(m, 1) }) },
  { re: /^Model manifest "(.+)" does not have the weights-manifest format$/, key: 'messages:core.model.manifestFormat', values: (m) => ({ name: g(m, 1) }) },
  { re: /^Model manifest lacks weight "(.+)"$/, key: 'messages:core.model.lacks', values: (m) => ({ name: g(m, 1) }) },
  { re: /^Weight "(.+)" is (\S+), the net needs (\S+)$/, key: 'messages:core.model.shape', values: (m) => ({ name: g(m, 1), has: g(m, 2), needs: g(m, 3) }) },
  { re: /^Model shard has (\d+) bytes, the manifest needs (\d+) \(truncated or corrupt file\)$/, key: 'messages:core.model.shardSize', values: (m) => ({ bytes: g(m, 1), needed: g(m, 2) }) },
  { re: /^Model shard checksum does not match the published MTCNN weights \(corrupt file\?\)$/, key: 'messages:core.model.checksum' },
  { re: /^Cannot read the Tiny Face Detector's model file "(.+?)": (.*)$/s, key: 'messages:core.tiny.read', values: (m) => ({ name: g(m, 1), reason: g(m, 2) }) },
  { re: /^The Tiny Face Detector's manifest "(.+)" is not valid JSON \(corrupt file\?\)$/, key: 'messages:core.tiny.manifestJson', values: (m) => ({ name: g(m, 1) }) },
  { re: /^The Tiny Face Detector's manifest "(.+)" does not have the weights-manifest format$/, key: 'messages:core.tiny.manifestFormat', values: (m) => ({ name: g(m, 1) }) },
  { re: /^The Tiny Face Detector's manifest lacks weight "(.+)"$/, key: 'messages:core.tiny.lacks', values: (m) => ({ name: g(m, 1) }) },
  { re: /^Tiny Face Detector weight "(.+)" has shape (\S+), the network needs (\S+)$/, key: 'messages:core.tiny.shape', values: (m) => ({ name: g(m, 1), has: g(m, 2), needs: g(m, 3) }) },
  { re: /^The Tiny Face Detector's manifest names shard\(s\) (.+), expected (.+)$/, key: 'messages:core.tiny.shards', values: (m) => ({ names: g(m, 1), expected: g(m, 2) }) },
  { re: /^The Tiny Face Detector's manifest "(.+)" does not match the published one \(altered or corrupt file\?\)$/, key: 'messages:core.tiny.manifestChanged', values: (m) => ({ name: g(m, 1) }) },
  { re: /^The Tiny Face Detector's shard "(.+)" has (\d+) bytes, the manifest needs (\d+) \(truncated or corrupt file\?\)$/, key: 'messages:core.tiny.shardSize', values: (m) => ({ name: g(m, 1), bytes: g(m, 2), needed: g(m, 3) }) },
  { re: /^The Tiny Face Detector's shard "(.+)" does not match the published weights \(altered or corrupt file\?\)$/, key: 'messages:core.tiny.checksum', values: (m) => ({ name: g(m, 1) }) },
  // A sweep's checks (core/run/sweep.ts).
  { re: /^Vary one of (.+)\.$/, key: 'messages:core.sweep.vary', values: (m) => ({ list: g(m, 1) }) },
  { re: /^Give at least one value to try\.$/, key: 'messages:core.sweep.noValues' },
  { re: /^At most (\d+) values \(each one is an attack per face\)\.$/, key: 'messages:core.sweep.tooMany', values: (m) => ({ max: g(m, 1) }) },
  // The parameter schema's checks (core/params/schema.ts): "<who> must be …", for the app's
  // validation ("ε …"), a link ("eps=abc: ε …") and a lesson file ("eps lots: ε …").
  { re: /^(.+?) must be a number, got (.*)$/s, key: 'messages:core.param.number', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }) },
  { re: /^(.+?) must be between (\S+) and (\S+), got (.*)$/s, key: 'messages:core.param.between', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), min: g(m, 2), max: g(m, 3), value: g(m, 4) }) },
  { re: /^(.+?) must be a whole number, got (.*)$/s, key: 'messages:core.param.whole', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }) },
  { re: /^(.+?) must be one of (.+), got "(.*)"$/s, key: 'messages:core.param.oneOf', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), list: g(m, 2), value: g(m, 3) }) },
  { re: /^(.+?) needs at least one of (.+)$/s, key: 'messages:core.param.atLeastOne', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), list: g(m, 2) }) },
  {
    re: /^(.+?) must be auto, all, or a list of pyramid level indices \(0 = largest\), got "(.*)"$/s,
    key: 'messages:core.param.scales',
    values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }),
  },
  { re: /^(.+?) must be a face index \(0 = first\) or all, got "(.*)"$/s, key: 'messages:core.param.face', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }) },
  { re: /^(.+?) must be on or off, got "(.*)"$/s, key: 'messages:core.param.onOff', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }) },
  { re: /^(.+?) must be a patch region, got (.*)$/s, key: 'messages:core.param.patch', values: (m, lang) => ({ who: whoSubject(g(m, 1), lang), value: g(m, 2) }) },
];

/** "<who>: unknown "x" (use …)" (a list parameter) or "<who>: <a patch parser's reason>". */
function whoAndReason(text: string, lang: Language): MessageText | null {
  // The reason is tried after each ": " in turn (a link's "who" holds ": " itself).
  for (let i = text.indexOf(': '); i > 0; i = text.indexOf(': ', i + 1)) {
    const head = text.slice(0, i);
    const rest = text.slice(i + 2);
    const patch = patchReason(rest, lang);
    if (patch) return { key: 'messages:core.param.whoReason', values: { who: who(head, lang), reason: patch } };
    const unknown = /^unknown "(.*)" \(use (.+)\)$/s.exec(rest);
    if (unknown) return { key: 'messages:core.param.unknown', values: { who: who(head, lang), value: g(unknown, 1), list: g(unknown, 2) } };
  }
  return null;
}

/** The sentence of ours for a core message (its values for `lang`), or null when no pattern knows it. */
export function translateCore(text: string, lang: Language = currentLanguage()): MessageText | null {
  const t = text.trim();
  const direct = whoAndReason(t, lang);
  if (direct) return direct;
  for (const p of PATTERNS) {
    const m = p.re.exec(t);
    if (m) return { key: p.key, values: p.values?.(m, lang) ?? {} };
  }
  return null;
}

/** The English patterns (for the test that every listed message is recognised). */
export const CORE_PATTERN_COUNT = PATTERNS.length + PATCH_REASONS.length + 1;

// ── the header's backend line ────────────────────────────────────────────────────────────────

const WHY: Pattern[] = [
  { re: /^this browser has no WebGPU$/, key: 'messages:core.backend.noWebGpu' },
  { re: /^no WebGPU adapter was offered$/, key: 'messages:core.backend.noAdapter' },
  { re: /^WebGPU is not available here$/, key: 'messages:core.backend.notAvailable' },
  { re: /^only a software WebGPU adapter \((.*)\), which is slower than WASM$/s, key: 'messages:core.backend.software', values: (m) => ({ adapter: g(m, 1) }) },
  { re: /^it failed to initialise$/, key: 'messages:core.backend.initFailed' },
  { re: /^it computed a test convolution wrongly$/, key: 'messages:core.backend.wrongResult' },
];

/** Why a backend was passed over, in the current language (an unknown reason, an error text, stays as it is). */
function whyText(why: string): MessageValue {
  for (const p of WHY) {
    const m = p.re.exec(why);
    if (m) return { key: p.key, values: p.values?.(m, 'en') ?? {} };
  }
  return why;
}

/**
 * Why this backend runs (the worker's BackendChoice.reason), as text: English as the worker wrote
 * it; other languages rebuilt from its parts (core/backend.ts selectBackend / describe).
 */
export function backendReason(choice: Pick<BackendChoice, 'name' | 'reason' | 'skipped'>): MessageText {
  const { name, reason, skipped } = choice;
  if (reason === `${name} was requested (?backend=${name})`) return { key: 'messages:core.backend.requested', values: { name } };
  const failed = /^(\w+) was requested but failed \(/.exec(reason)?.[1] ?? null;
  const forced = failed ? skipped.find((s) => s.name === failed) : undefined;
  const passed = skipped.filter((s) => s.name !== failed);
  const expected = passed.length ? `${name} is the first that works (` : `${name} is the preferred backend here`;
  if (!reason.includes(expected) || (failed && !forced)) return { core: reason };
  const because: MessageText = passed.length
    ? {
        key: 'messages:core.backend.firstThatWorks',
        values: { name, passed: { list: passed.map((s) => ({ key: 'messages:core.backend.skipped', values: { name: s.name, why: whyText(s.why) } })), sep: 'clause' } },
      }
    : { key: 'messages:core.backend.preferred', values: { name } };
  return forced ? { key: 'messages:core.backend.requestedFailed', values: { name: forced.name, why: whyText(forced.why), rest: because } } : because;
}

/** The app's note on the backend after a failure (controller.ts: "wasm could not start", "restarted after webgpu"). */
export function backendNote(note: string): MessageText {
  let m = /^(\S+) could not start$/.exec(note);
  if (m) return { key: 'messages:core.backend.couldNotStart', values: { name: g(m, 1) } };
  if (note === 'restarted after a failure') return { key: 'messages:core.backend.restartedAfterFailure' };
  m = /^restarted after (.+)$/.exec(note);
  if (m) return { key: 'messages:core.backend.restartedAfter', values: { name: g(m, 1) } };
  return { core: note };
}
