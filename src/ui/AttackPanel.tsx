import { HEADS, type Head } from '../core/attack/heads';
import { DOMAINS, METHODS, type AttackParams } from '../core/attack/params';
import { NumberField } from './NumberField';
import { PRESETS, applyPreset, presetMatching } from './presets';
import { app, useCan } from './app';
import { faceNumbers, facesByNumber } from './faceOrder';
import { attackSpec } from '../core/params/schema';
import { selectDetection, selectParams, useAppStore } from './store';
import { useControls } from './lessons/useLesson';
import { useT } from './i18n';
import { Explain } from './i18n/Explain';
import { paramLabel } from './i18n/paramText';
import './i18n/placement.css';

export function AttackPanel() {
  const { t } = useT('settings');
  const { t: tl } = useT('lessons');
  const p = useAppStore(selectParams);
  const detection = useAppStore(selectDetection);
  const locked = !useCan('edit');
  // A lesson may hide or lock controls (lock: shown disabled; the controller keeps their values too).
  const lesson = useControls();
  const show = (id: Parameters<typeof lesson.hidden>[0]) => !lesson.hidden(id);
  const off = (id: Parameters<typeof lesson.locked>[0]) => locked || lesson.locked(id);
  const setParams = app.setParams;
  const preset = presetMatching(p);
  const faces = detection?.faces.length ?? 0;
  const numbers = faceNumbers(detection?.faces ?? []);

  const toggleHead = (h: Head, on: boolean) => {
    const heads = on ? [...new Set([...p.heads, h])] : p.heads.filter((x) => x !== h);
    if (heads.length > 0) setParams({ heads: HEADS.filter((x) => heads.includes(x)) });
  };

  return (
    <section aria-labelledby="attack-title" className="panel attack">
      <h2 id="attack-title">{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      {lesson.anyParamFixed && <p className="lesson-note">{tl('lockedNote')}</p>}

      {show('preset') && <div className="field">
        <label htmlFor="preset">{t('preset.label')}</label>
        <select id="preset" value={preset?.id ?? 'custom'} disabled={off('preset') || lesson.anyParamFixed} onChange={(e) => {
          const chosen = PRESETS.find((x) => x.id === e.target.value);
          if (chosen) setParams(applyPreset(chosen, p));
        }}>
          {PRESETS.map((x) => <option key={x.id} value={x.id}>{t(`presets.${x.id}`)}</option>)}
          {!preset && <option value="custom">{t('preset.custom')}</option>}
        </select>
        <p className="hint">{t('preset.hint')}</p>
      </div>}

      {show('method') && <div className="field">
        <label htmlFor="method">{paramLabel('method')}</label>
        <select id="method" value={p.method} disabled={off('method')} onChange={(e) => setParams({ method: e.target.value as AttackParams['method'] })}>
          {METHODS.map((m) => <option key={m} value={m}>{t(`methods.${m}`)}</option>)}
        </select>
        <p className="hint">{t('methodHint')}</p>
      </div>}

      {show('face') && <div className="field">
        <label htmlFor="face">{paramLabel('face')}</label>
        <select id="face" value={String(p.face)} disabled={off('face') || faces === 0} onChange={(e) => setParams({ face: e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
          {faces === 0 ? <option value={0}>{t('face.option', { number: 1 })}</option> : facesByNumber(detection!.faces).map((i) => <option key={i} value={i}>{t('face.option', { number: numbers[i] ?? i + 1 })}</option>)}
          <option value="all">{t('face.all')}</option>
        </select>
        <p className="hint">{t('face.hint')}</p>
      </div>}

      {show('eps') && <NumberField spec={attackSpec('eps')} hint={t('hints.eps', { eps: p.eps, grey: (p.eps * 255).toFixed(1) })} explain="epsilon" value={p.eps} slider disabled={off('eps')} onChange={(eps) => setParams({ eps })} />}
      {show('alpha') && <NumberField spec={attackSpec('alpha')} hint={t('hints.alpha')} value={p.alpha} slider disabled={off('alpha') || p.method === 'fgsm'} onChange={(alpha) => setParams({ alpha })} />}
      {show('steps') && <NumberField spec={attackSpec('steps')} value={p.steps} slider disabled={off('steps') || p.method === 'fgsm'} onChange={(steps) => setParams({ steps })} />}
      {show('decay') && <NumberField spec={attackSpec('decay')} hint={t('hints.decay')} value={p.decay} disabled={off('decay') || p.method !== 'mifgsm'} onChange={(decay) => setParams({ decay })} />}
      {show('seed') && <NumberField spec={attackSpec('seed')} hint={t('hints.seed')} value={p.seed} disabled={off('seed') || p.method !== 'pgd'} onChange={(seed) => setParams({ seed })} />}

      {show('heads') && <fieldset className="heads" disabled={off('heads')} aria-labelledby="heads-legend">
        <legend>
          <span id="heads-legend">{paramLabel('heads')}</span>
          <Explain term="heads" />
        </legend>
        <p className="hint">{t('heads.hint')}</p>
        {HEADS.map((h) => (
          <label key={h} className="check">
            <input type="checkbox" checked={p.heads.includes(h)} onChange={(e) => toggleHead(h, e.target.checked)} />
            {t(`heads.names.${h}`)}
          </label>
        ))}
      </fieldset>}

      {show('headNorm') && <div className="field">
        <label htmlFor="head-norm">{paramLabel('headNorm')}</label>
        <select id="head-norm" value={p.headNorm} disabled={off('headNorm') || p.heads.length < 2} onChange={(e) => setParams({ headNorm: e.target.value as AttackParams['headNorm'] })}>
          <option value="gradient">{t('headNorm.gradient')}</option>
          <option value="sum">{t('headNorm.sum')}</option>
        </select>
        <p className="hint">{t('headNorm.hint')}</p>
      </div>}
      {show('eot') && <NumberField spec={attackSpec('eot')} hint={t('hints.eot')} value={p.eot} disabled={off('eot')} onChange={(eot) => setParams({ eot })} />}

      {show('tv') && <NumberField spec={attackSpec('tv')} hint={t('hints.tv')} value={p.tv} disabled={off('tv')} onChange={(tv) => setParams({ tv })} />}
      {show('tvKind') && <div className="field">
        <label htmlFor="tv-kind">{paramLabel('tvKind')}</label>
        <select id="tv-kind" value={p.tvKind} disabled={off('tvKind')} onChange={(e) => setParams({ tvKind: e.target.value as AttackParams['tvKind'] })}>
          <option value="iso">{t('tvKinds.iso')}</option>
          <option value="aniso">{t('tvKinds.aniso')}</option>
        </select>
      </div>}
      {show('domain') && <div className="field">
        <label htmlFor="domain">{paramLabel('domain')}</label>
        <select id="domain" value={p.domain} disabled={off('domain')} onChange={(e) => setParams({ domain: e.target.value as AttackParams['domain'] })}>
          {DOMAINS.map((d) => <option key={d} value={d}>{t(`domains.${d}`)}</option>)}
        </select>
        <p className="hint">{t('domainHint')}</p>
      </div>}

      {faces === 0 && detection && <p className="hint">{t('noFace')}</p>}
    </section>
  );
}
