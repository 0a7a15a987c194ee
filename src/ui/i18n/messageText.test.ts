import { afterEach, describe, expect, it } from 'vitest';
import { controllerHarness, fakeDetection, settle } from '../testing/harness';
import { EngineFailure } from '../engineApi';
import { ImageDecodeError } from '../decodeImage';
import { explain } from '../humanize';
import { phaseWords } from '../phaseWords';
import { DEFAULT_PRESET } from '../presets';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { readLink } from '../urlState';
import { readLesson } from '../lessons/lessonFile';
import { checkGoal, describeGoal, type Goal, type GoalRun } from '../lessons/goal';
import { BUNDLED_LESSONS, bundledLessonLink, localizeLessonText } from '../lessons/bundled';
import { controlLabel } from '../lessons/controls';
import { msg, renderMessage, renderText } from './messageText';
import { setLanguage } from './index';
import { resources } from './resources';

/*
 * Messages and the lessons' sentences in Chinese, and again in English after a switch: a message
 * keeps its key and values, so the banner is re-translated (StatusBar renders m.i18n).
 */

const CJK = /[\u4e00-\u9fff]/;
const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };

afterEach(() => setLanguage('en', false));

describe('the controller’s messages', () => {
  it('are said in the current language and re-translated after a switch', async () => {
    setLanguage('zh', false);
    const t = controllerHarness('?sample=group&eps=abc&backend=bogus&face=3&scales=1,40');
    t.app.start();
    await settle();
    const error = t.state().messages.find((m) => m.topic === 'link')!;
    expect(error.kind).toBe('error');
    expect(error.text).toMatch(CJK);
    expect(error.text).toContain('eps=abc');
    expect(error.text).toContain('backend=bogus');
    // The link's face and scales do not fit the detected photo: a notice (it replaces the error).
    t.engine().ready();
    await settle();
    t.engine().last('detect').resolve(fakeDetection(2));
    await settle();
    const notice = t.state().messages.find((m) => m.topic === 'link')!;
    expect(notice.kind).toBe('notice');
    expect(notice.text).toMatch(/^来自链接：face=3 不适用.*；scales=1,40 不适用/);
    // The same messages in English, as the English app says them.
    setLanguage('en', false);
    expect(renderMessage(error.i18n!).text).toBe(
      'Some settings in the link could not be used and were left at their defaults: eps=abc: ε must be a number, got "abc"; backend=bogus is not a backend (use webgpu, wasm, webgl, cpu); the detector chooses one itself. The other settings were applied.',
    );
    expect(renderMessage(notice.i18n!).text).toBe(
      'From the link: face=3 does not apply: 2 face(s) were found, so Face 1 is used; scales=1,40 does not apply: this photo\'s pyramid has levels 0–5, so Auto is used.',
    );
  });

  it('explain an internal failure in Chinese, with the raw text as details', async () => {
    setLanguage('zh', false);
    const t = controllerHarness();
    await t.startWith(fakeDetection(1));
    void t.app.runAttack();
    await settle();
    t.engine().last('attack').reject(new EngineFailure('internal', 'TypeError: boom'));
    await settle();
    const m = t.state().messages.at(-1)!;
    expect(m.text).toBe('运行攻击时出了问题。请再试一次；如果一直出现，请重新加载页面。');
    expect(m.details).toContain('boom');
    setLanguage('en', false);
    expect(renderMessage(m.i18n!, m.details).text).toBe('Something went wrong while running the attack. Try again; if it keeps happening, reload the page.');
  });

  it('translate the core’s sentences, and fold away one they do not know', () => {
    setLanguage('zh', false);
    const known = explain(new EngineFailure('user', 'no face was detected in the image, so there is nothing to attack'), 'running the attack')!;
    expect(known.text).toBe('图像中没有检测到人脸，因此没有可攻击的对象。');
    expect(known.details).toBeUndefined();
    const unknown = explain(new EngineFailure('user', 'the moon is in the way'), 'running the attack')!;
    expect(unknown.text).toMatch(CJK);
    expect(unknown.details).toBe('the moon is in the way');
    setLanguage('en', false);
    expect(renderMessage(unknown.i18n).text).toBe('The moon is in the way.');
  });

  it('name the photo that could not be read, in both languages', () => {
    const e = new ImageDecodeError(msg('messages:photo.unsupported', { name: 'x.heic', format: 'HEIC' }));
    expect(e.message).toBe('“x.heic” is in a format that is not supported here (HEIC); use PNG, JPEG or WebP.');
    expect(renderText(e.text, 'zh')).toBe('“x.heic”的格式（HEIC）在这里不受支持；请使用 PNG、JPEG 或 WebP。');
    setLanguage('zh', false);
    expect(explain(e, 'reading “x.heic”')!.text).toMatch(/^“x\.heic”的格式/);
  });

  it('the header’s phase words follow the language', () => {
    expect(phaseWords({ kind: 'attacking', paused: true, stopping: false })).toBe('Attack paused');
    setLanguage('zh', false);
    expect(phaseWords({ kind: 'attacking', paused: true, stopping: false })).toBe('攻击已暂停');
  });
});

describe('lessons in Chinese', () => {
  const goal: Goal = { kind: 'evade', maxEps: 0.03, maxL0: 5000, maxScales: 1 };
  const run = (over: Partial<{ linf: number; l0: number; evaded: boolean[] }> = {}): GoalRun => {
    const evaded = over.evaded ?? [true];
    return {
      outcome: 'done',
      params: { scales: 'auto' },
      started: { levels: [1] },
      result: { successRate: evaded.filter(Boolean).length / evaded.length, faces: evaded.map((e, face) => ({ face, evaded: e })), norms: { l0Pixels: over.l0 ?? 1200, linf: over.linf ?? 0.02 } },
      sparse: null,
    };
  };

  it('describe and check the goal', () => {
    setLanguage('zh', false);
    expect(describeGoal(goal)).toBe('让检测器找不到人脸，ε 不超过 0.03，最多改动 5,000 个像素，最多攻击 1 层金字塔。');
    expect(checkGoal(goal, run()).text).toBe('任务完成：人脸已被藏住；L∞ 为 0.0200，在 ε 0.03 以内；改动了 1,200 个像素（不超过 5,000）；攻击了 1 层金字塔（不超过 1）。');
    expect(checkGoal(goal, run({ evaded: [false, false], l0: 107_467 })).text).toBe(
      '尚未完成：人脸 1、2 仍被检测到；改动了 107,467 个像素，超过 5,000。',
    );
    expect(checkGoal(goal, null).text).toBe('运行一次攻击来检查目标。');
  });

  it('read a link’s and a lesson file’s lesson entries with their problems', () => {
    setLanguage('zh', false);
    const link = readLink('?hide=nose&goal=win&maxEps=abc', defaults, ['astronaut', 'group']);
    expect(link.problems.map((p) => p.message)).toEqual([
      'goal=win 不是本应用能检查的目标（请用 goal=evade）',
      'maxEps=abc：maxEps 必须是数字，收到的是 NaN',
      'hide=nose：不是本应用能隐藏的控件（可选 photo, preset, method, face, eps, alpha, steps, decay, seed, heads, headNorm, eot, tv, tvKind, domain, scales, patch, prune）',
    ]);
    const file = readLesson(JSON.stringify({ format: 'mtcnn-attack-lesson', version: 1, photo: { sample: 'group' }, settings: { eps: 'lots' }, extra: 1 }), 'l.json', defaults, ['astronaut', 'group']);
    if ('error' in file) throw new Error('not read');
    expect(file.notices.map((n) => renderText(n))).toEqual(['部分设置无法使用，已保留默认值：eps lots（ε）必须是数字，收到的是 "lots"。', '已忽略本应用不认识的内容：extra。']);
    const bad = readLesson('{', 'x.json', defaults, []);
    expect('error' in bad && renderText(bad.error)).toBe('“x.json”不是课程文件：它不是有效的 JSON。');
  });

  it('show a bundled lesson in the page’s language, whichever language its link carries', () => {
    const en = resources.en.lessons.bundled.epsilon;
    const zh = resources.zh.lessons.bundled.epsilon;
    expect(localizeLessonText(zh.task, 'task')).toBe(en.task);
    setLanguage('zh', false);
    expect(localizeLessonText(en.title, 'title')).toBe(zh.title);
    expect(localizeLessonText(`${en.task}\n`, 'task')).toBe(zh.task);
    expect(localizeLessonText('My own task', 'task')).toBe('My own task');
    expect(controlLabel('photo')).toBe('照片（上传、示例照片、摄像头）');
  });

  it('a lesson link made in Chinese keeps lang=, not the debug switches', async () => {
    const t = controllerHarness('?lang=zh&debug=1&sample=group');
    await t.startWith(fakeDetection(4));
    expect(t.app.lessonLink(null)).toBe('?sample=group&lang=zh');
    const u = controllerHarness('?sample=group');
    await u.startWith(fakeDetection(4));
    expect(u.app.lessonLink(null)).toBe('?sample=group');
  });

  it('bundled links carry English text and keep the page’s language', () => {
    const link = bundledLessonLink(BUNDLED_LESSONS[0]!, new URLSearchParams({ lang: 'zh' }));
    const q = new URLSearchParams(link);
    expect(q.get('lang')).toBe('zh');
    expect(q.get('title')).toBe('What ε buys you');
    expect(bundledLessonLink(BUNDLED_LESSONS[0]!)).not.toContain('lang=');
  });
});
