import { afterEach, describe, expect, it } from 'vitest';
import { resources } from './resources';
import { chooseLanguage, formatNumber, i18n, parseLanguage, setLanguage, tr } from './index';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const variables = (s: string) => [...s.matchAll(/\{\{\s*([^},\s]+)/g)].map((m) => m[1]).sort();

/*
 * Words that stay as they are in Chinese text (names of methods, networks, formats, norms). A Chinese
 * string must contain Chinese characters unless nothing but these, numbers and symbols is left.
 */
const NEUTRAL = /(?<![A-Za-z0-9-])(?:IoU|PSNR|FGSM|I-FGSM|MI-FGSM|PGD|P-Net|R-Net|O-Net|MTCNN|AutoAdversary|WASM|WebGPU|WebGL|CPU|GPU|JSON|CSV|PNG|JPEG|WebP|GIF|SVG|TV|EOT|L0|L1|L2|L∞|dB|px|ms|CelebA|ImageNet|Tiny Face Detector|face-api|x|y|w|h)(?![A-Za-z0-9-])/g;
const untranslated = (s: string) => /[A-Za-z]/.test(s.replace(/\{\{[^}]*\}\}/g, '').replace(NEUTRAL, '')) && !/[\u4e00-\u9fff]/.test(s);

describe('translations', () => {
  const namespaces = Object.keys(resources.en) as (keyof typeof resources.en)[];

  it.each(namespaces)('%s: Chinese has every English key, filled in, with the same {{variables}}', (ns) => {
    const en = flatten(resources.en[ns] as unknown as Tree);
    const zh = flatten(resources.zh[ns] as unknown as Tree);
    const expected = [...en.keys()].filter((k) => !k.endsWith('_one')).sort();
    expect([...zh.keys()].filter((k) => !k.endsWith('_one')).sort()).toEqual(expected);
    for (const key of expected) {
      const z = zh.get(key)!;
      expect(z.trim(), `${ns}:${key} is empty`).not.toBe('');
      expect(variables(z), `${ns}:${key} variables`).toEqual(variables(en.get(key)!));
      expect(untranslated(z), `${ns}:${key} = "${z}" reads as English`).toBe(false);
    }
  });

  it('knows an English string from a Chinese one', () => {
    expect(untranslated('Run attack')).toBe(true);
    expect(untranslated('运行攻击')).toBe(false);
    expect(untranslated('PGD · {{steps}} ms')).toBe(false);
  });
});

describe('choosing the language', () => {
  afterEach(() => setLanguage('en', false));

  it('reads language tags', () => {
    expect(parseLanguage('zh-CN')).toBe('zh');
    expect(parseLanguage('zh_Hans')).toBe('zh');
    expect(parseLanguage('EN-gb')).toBe('en');
    expect(parseLanguage('fr')).toBeNull();
    expect(parseLanguage('')).toBeNull();
  });

  it('prefers the link, then the stored choice, then the browser, then English', () => {
    expect(chooseLanguage('?lang=zh', 'en', ['en-US'])).toBe('zh');
    expect(chooseLanguage('?lang=xx', 'zh', ['en-US'])).toBe('zh');
    expect(chooseLanguage('', null, ['fr-FR', 'zh-TW'])).toBe('zh');
    expect(chooseLanguage('', null, ['fr-FR'])).toBe('en');
  });

  it('translates and formats numbers in the chosen language', () => {
    expect(tr('explain.button', { term: 'IoU' })).toBe('What is IoU?');
    setLanguage('zh', false);
    expect(i18n.language).toBe('zh');
    expect(tr('explain.button', { term: 'IoU' })).toBe('什么是 IoU？');
    expect(tr('explain:iou.title')).toContain('交并比');
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    setLanguage('en', false);
    expect(tr('explain:iou.title')).toContain('intersection');
  });
});
