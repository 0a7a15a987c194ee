import { afterEach, describe, expect, it } from 'vitest';
import { ATTACK_SPECS, SPARSE_SPECS, checkValue, readParams, validateAttackParams, type ParamSpec } from '../../core/params/schema';
import { parsePatch } from '../../core/attack/patch';
import { validateSweep } from '../../core/run/sweep';
import { DEFAULT_PRESET } from '../presets';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { backendNote, backendReason, translateCore } from './coreMessages';
import { coreSentence, renderMessage, renderText, type MessageText } from './messageText';
import { setLanguage } from './index';
import { resources } from './resources';

const CJK = /[\u4e00-\u9fff]/;
const attack = DEFAULT_PRESET.params;
const spec = (url: string): ParamSpec => [...ATTACK_SPECS, ...SPARSE_SPECS].find((s) => s.url === url)!;
const patchError = (text: string) => {
  const r = parsePatch(text);
  if (!('error' in r)) throw new Error(`${text} parsed`);
  return r.error;
};
/** What a link's reader says about `key=value` (the schema's one parser, the link's "who"). */
const linkProblem = (url: string, raw: string) => {
  const s = spec(url);
  const r = readParams([s], s.group === 'attack' ? attack : DEFAULT_SPARSE_PARAMS, () => raw, (x) => `${x.url}=${raw}: ${x.name}`);
  return r.problems[0]!.message;
};

/*
 * Every user-facing message of the core and the worker. Those the schema, the patch parser and the
 * sweep build are made by them here, so a change of wording there fails this test.
 */
const MESSAGES: string[] = [
  // core/attack/dense.ts, core/experiments/headMatrix.ts
  'no face was detected in the image, so there is nothing to attack',
  'face 3 does not exist: 1 face(s) were detected (0–0)',
  'scale index 12 is out of range: the pyramid has levels 0–9',
  'the patch covers none of the low-resolution perturbation cells the attack can change (make it larger, or use the full-resolution domain)',
  'the patch lies outside the part of the image the attack can change (the attacked face and the pyramid windows around it)',
  validateAttackParams({ ...attack, eps: 0 })!,
  validateAttackParams({ ...attack, steps: 2.5 })!,
  validateAttackParams({ ...attack, method: 'sgd' as never })!,
  validateAttackParams({ ...attack, heads: [] })!,
  validateAttackParams({ ...attack, heads: ['nose' as never] })!,
  validateAttackParams({ ...attack, scales: 'some' as never })!,
  validateAttackParams({ ...attack, face: -1 })!,
  validateAttackParams({ ...attack, eps: Number.NaN })!,
  validateAttackParams({ ...attack, patch: 'preset:ears' })!,
  checkValue(spec('patch'), 42)!,
  checkValue(spec('refine'), 'maybe')!,
  // worker/engine.ts, core/run/session.ts
  'The detector is still starting.',
  'Load a photo before attacking it.',
  'That attack is no longer available (a newer attack, photo or reset replaced it). Run the attack again.',
  // worker/engine.ts, core/mtcnn/weights.ts, core/transfer/weights.ts
  'The model file mtcnn_model.bin could not be downloaded (HTTP 404).',
  'Cannot read model file "mtcnn_model-weights_manifest.json": The model file mtcnn_model-weights_manifest.json could not be downloaded (HTTP 404).',
  'Model manifest "mtcnn_model-weights_manifest.json" is not valid JSON (corrupt file?)',
  'Model manifest "mtcnn_model-weights_manifest.json" does not have the weights-manifest format',
  'Model manifest lacks weight "pnet/conv1/weights"',
  'Weight "pnet/conv1/weights" is float16[3,3,3,10], the net needs float32[3,3,3,10]',
  'Model shard has 100 bytes, the manifest needs 200 (truncated or corrupt file)',
  'Model shard checksum does not match the published MTCNN weights (corrupt file?)',
  'Cannot read the Tiny Face Detector\'s model file "tiny_face_detector_model.bin": HTTP 500',
  'The Tiny Face Detector\'s manifest "tiny_face_detector_model-weights_manifest.json" is not valid JSON (corrupt file?)',
  'The Tiny Face Detector\'s manifest "tiny_face_detector_model-weights_manifest.json" does not have the weights-manifest format',
  'The Tiny Face Detector\'s manifest lacks weight "conv0/filters"',
  'Tiny Face Detector weight "conv0/filters" has shape [3,3,3,8], the network needs [3,3,3,16]',
  'The Tiny Face Detector\'s manifest names shard(s) ["a.bin","b.bin"], expected ["tiny_face_detector_model.bin"]',
  'The Tiny Face Detector\'s manifest "tiny_face_detector_model-weights_manifest.json" does not match the published one (altered or corrupt file?)',
  'The Tiny Face Detector\'s shard "tiny_face_detector_model.bin" has 10 bytes, the manifest needs 20 (truncated or corrupt file?)',
  'The Tiny Face Detector\'s shard "tiny_face_detector_model.bin" does not match the published weights (altered or corrupt file?)',
  // core/run/sweep.ts
  validateSweep({ base: attack, vary: 'tv' as never, values: [1], faces: 'chosen' })!,
  validateSweep({ base: attack, vary: 'eps', values: [], faces: 'chosen' })!,
  validateSweep({ base: attack, vary: 'eps', values: Array.from({ length: 40 }, (_, i) => (i + 1) / 100), faces: 'chosen' })!,
  validateSweep({ base: attack, vary: 'eps', values: [5], faces: 'chosen' })!,
  // A link's and a lesson file's refused parameters (the schema's parser, with their "who").
  linkProblem('eps', 'abc'),
  linkProblem('eps', '7'),
  linkProblem('steps', '2.5'),
  linkProblem('heads', 'pnet-cls,nose'),
  linkProblem('scales', '1,x'),
  linkProblem('face', 'left'),
  linkProblem('refine', 'maybe'),
  linkProblem('domain', 'huge'),
  linkProblem('decay', ''),
  linkProblem('maskSeed', '-1'),
  linkProblem('patch', 'preset:ears'),
  linkProblem('patch', 'preset:mouth@20'),
  linkProblem('patch', 'ellipse:1,2,0,0'),
  linkProblem('patch', '1,2,3,4;;5,6,7,8'),
  linkProblem('patch', '1,2,3'),
  linkProblem('patch', '1,2,300000,4'),
  linkProblem('patch', Array.from({ length: 70 }, () => '1,1,2,2').join(';')),
  `patch: ${patchError('preset:ears')}`,
];

describe('core messages', () => {
  afterEach(() => setLanguage('en', false));

  it.each(MESSAGES)('"%s" is recognised, English as the core wrote it, Chinese in Chinese', (text) => {
    const found = translateCore(text, 'en');
    expect(found, text).not.toBeNull();
    expect(renderText(found!, 'en')).toBe(text);
    const zh = renderText({ core: text }, 'zh');
    expect(zh).toMatch(CJK);
    expect(zh).not.toMatch(/\{\{|\}\}/);
  });

  it('names parameters with the app’s words in Chinese', () => {
    setLanguage('zh', false);
    expect(renderText({ core: linkProblem('eps', 'abc') })).toBe('eps=abc（ε）必须是数字，收到的是 "abc"');
    expect(renderText({ core: validateAttackParams({ ...attack, eps: 0 })! })).toBe('ε 必须在 0.001 到 1 之间，收到的是 0');
    // "steps" in the app's Chinese words (the params namespace), with no space after a Chinese word.
    expect(renderText({ core: validateAttackParams({ ...attack, steps: 0 })! })).toBe(`${resources.zh.params.steps.name}必须在 1 到 10000 之间，收到的是 0`);
  });

  it('shows a message it does not know in English, or alone as a general sentence with the English in the details', () => {
    const unknown = 'the flux capacitor is out of range';
    expect(translateCore(unknown)).toBeNull();
    expect(renderMessage(coreSentence(unknown), 'TypeError: x', 'en')).toEqual({ text: 'The flux capacitor is out of range.', details: 'TypeError: x' });
    const zh = renderMessage(coreSentence(unknown), 'TypeError: x', 'zh');
    expect(zh.text).toMatch(CJK);
    expect(zh.details).toBe(`${unknown}\nTypeError: x`);
    // Inside a sentence of ours (a list of a link's problems) it stays as it is.
    const list: MessageText = { key: 'messages:link.refused', values: { problems: { list: [{ core: unknown }, { core: linkProblem('eps', 'abc') }], sep: 'clause' } } };
    expect(renderText(list, 'en')).toBe(`Some settings in the link could not be used and were left at their defaults: ${unknown}; eps=abc: ε must be a number, got "abc". The other settings were applied.`);
    expect(renderText(list, 'zh')).toContain(`${unknown}；eps=abc`);
  });

  it('a core sentence shown alone gets a capital letter and a full stop in English', () => {
    expect(renderText(coreSentence('no face was detected in the image, so there is nothing to attack'), 'en')).toBe('No face was detected in the image, so there is nothing to attack.');
    expect(renderText(coreSentence('no face was detected in the image, so there is nothing to attack'), 'zh')).toBe('图像中没有检测到人脸，因此没有可攻击的对象。');
  });
});

describe('the header’s backend line', () => {
  const choices = [
    { name: 'wasm' as const, reason: 'wasm was requested (?backend=wasm)', skipped: [] },
    { name: 'webgpu' as const, reason: 'webgpu is the preferred backend here', skipped: [] },
    {
      name: 'wasm' as const,
      reason: 'wasm is the first that works (webgpu: only a software WebGPU adapter (SwiftShader / fallback: google swiftshader), which is slower than WASM)',
      skipped: [{ name: 'webgpu' as const, why: 'only a software WebGPU adapter (SwiftShader / fallback: google swiftshader), which is slower than WASM' }],
    },
    {
      name: 'wasm' as const,
      reason: 'wasm is the first that works (webgpu: this browser has no WebGPU)',
      skipped: [{ name: 'webgpu' as const, why: 'this browser has no WebGPU' }],
    },
    {
      name: 'cpu' as const,
      reason: 'webgl was requested but failed (it failed to initialise); cpu is the first that works (webgpu: no WebGPU adapter was offered; wasm: it computed a test convolution wrongly)',
      skipped: [
        { name: 'webgl' as const, why: 'it failed to initialise' },
        { name: 'webgpu' as const, why: 'no WebGPU adapter was offered' },
        { name: 'wasm' as const, why: 'it computed a test convolution wrongly' },
      ],
    },
    {
      name: 'webgl' as const,
      reason: 'wasm was requested but failed (Aborted(CompileError)); webgl is the preferred backend here',
      skipped: [{ name: 'wasm' as const, why: 'Aborted(CompileError)' }],
    },
  ];

  it.each(choices)('rebuilds "$reason" from its parts', (choice) => {
    const text = backendReason(choice);
    expect('core' in text, 'understood').toBe(false);
    expect(renderText(text, 'en')).toBe(choice.reason);
    expect(renderText(text, 'zh')).toMatch(CJK);
  });

  it('keeps a reason it does not know as it is', () => {
    expect(backendReason({ name: 'cpu', reason: 'because', skipped: [] })).toEqual({ core: 'because' });
  });

  it('translates the app’s note after a failure', () => {
    for (const note of ['wasm could not start', 'restarted after webgpu', 'restarted after a failure']) {
      const text = backendNote(note);
      expect(renderText(text, 'en')).toBe(note);
      expect(renderText(text, 'zh')).toMatch(CJK);
    }
  });
});
