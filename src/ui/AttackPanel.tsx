import { HEADS, HEAD_INFO, type Head } from '../core/attack/heads';
import { DOMAINS, METHODS, type AttackParams } from '../core/attack/params';
import { NumberField } from './NumberField';
import { PRESETS, applyPreset, presetMatching } from './presets';
import { app, useCan } from './app';
import { faceNumbers, facesByNumber } from './faceOrder';
import { attackSpec } from '../core/params/schema';
import { selectDetection, selectParams, useAppStore } from './store';
import { useControls } from './lessons/useLesson';
import { LESSON_TEXT } from './lessons/strings';

const METHOD_LABELS: Record<AttackParams['method'], string> = {
  fgsm: 'FGSM (one step of size ε)',
  ifgsm: 'I-FGSM / BIM (steps of α, no random start)',
  pgd: 'PGD (I-FGSM from a seeded random start)',
  mifgsm: 'MI-FGSM (with momentum)',
};
const DOMAIN_LABELS: Record<AttackParams['domain'], string> = {
  full: 'Full resolution',
  'scaled-bilinear': 'Low resolution, bilinear upsampling',
  'scaled-nearest': 'Low resolution, nearest upsampling',
};

export function AttackPanel() {
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
      <h2 id="attack-title">Attack settings</h2>
      <p className="hint">Adds a small perturbation δ (at most ε per pixel) that pushes MTCNN toward “no face”, step by step along the sign of the gradient.</p>
      {lesson.anyParamFixed && <p className="lesson-note">{LESSON_TEXT.lockedNote}</p>}

      {show('preset') && <div className="field">
        <label htmlFor="preset">Preset</label>
        <select id="preset" value={preset?.id ?? 'custom'} disabled={off('preset') || lesson.anyParamFixed} onChange={(e) => {
          const chosen = PRESETS.find((x) => x.id === e.target.value);
          if (chosen) setParams(applyPreset(chosen, p));
        }}>
          {PRESETS.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
          {!preset && <option value="custom">Custom</option>}
        </select>
        <p className="hint">A known starting point; changing any setting makes it Custom.</p>
      </div>}

      {show('method') && <div className="field">
        <label htmlFor="method">Method</label>
        <select id="method" value={p.method} disabled={off('method')} onChange={(e) => setParams({ method: e.target.value as AttackParams['method'] })}>
          {METHODS.map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
        </select>
        <p className="hint">How each step is taken. PGD is the seed paper's: many small steps from a random start.</p>
      </div>}

      {show('face') && <div className="field">
        <label htmlFor="face">Face to attack</label>
        <select id="face" value={String(p.face)} disabled={off('face') || faces === 0} onChange={(e) => setParams({ face: e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
          {faces === 0 ? <option value={0}>Face 1</option> : facesByNumber(detection!.faces).map((i) => <option key={i} value={i}>Face {numbers[i]}</option>)}
          <option value="all">All faces</option>
        </select>
        <p className="hint">Faces are numbered from left to right, as on the photo; the loss covers P-Net windows on that face.</p>
      </div>}

      {show('eps') && <NumberField spec={attackSpec('eps')} hint={`On the 0–1 scale: ${p.eps} ≈ ${(p.eps * 255).toFixed(1)} grey levels of 255.`} value={p.eps} slider disabled={off('eps')} onChange={(eps) => setParams({ eps })} />}
      {show('alpha') && <NumberField spec={attackSpec('alpha')} hint="How far each step moves; too large and the attack jumps straight to the ε edge." value={p.alpha} slider disabled={off('alpha') || p.method === 'fgsm'} onChange={(alpha) => setParams({ alpha })} />}
      {show('steps') && <NumberField spec={attackSpec('steps')} value={p.steps} slider disabled={off('steps') || p.method === 'fgsm'} onChange={(steps) => setParams({ steps })} />}
      {show('decay') && <NumberField spec={attackSpec('decay')} hint="MI-FGSM only: how much of the previous direction each step keeps." value={p.decay} disabled={off('decay') || p.method !== 'mifgsm'} onChange={(decay) => setParams({ decay })} />}
      {show('seed') && <NumberField spec={attackSpec('seed')} hint="PGD's random start; the same seed repeats the same run." value={p.seed} disabled={off('seed') || p.method !== 'pgd'} onChange={(seed) => setParams({ seed })} />}

      {show('heads') && <fieldset className="heads" disabled={off('heads')}>
        <legend>Target heads</legend>
        <p className="hint">Face/no-face heads are pushed toward “no face”; box and landmark heads away from their clean outputs.</p>
        {HEADS.map((h) => (
          <label key={h} className="check">
            <input type="checkbox" checked={p.heads.includes(h)} onChange={(e) => toggleHead(h, e.target.checked)} />
            {HEAD_INFO[h].label}
          </label>
        ))}
      </fieldset>}

      {show('headNorm') && <div className="field">
        <label htmlFor="head-norm">{attackSpec('headNorm').label}</label>
        <select id="head-norm" value={p.headNorm} disabled={off('headNorm') || p.heads.length < 2} onChange={(e) => setParams({ headNorm: e.target.value as AttackParams['headNorm'] })}>
          <option value="gradient">Balanced gradients (each head counts the same)</option>
          <option value="sum">Plain sum of the losses</option>
        </select>
        <p className="hint">With several heads the crop heads’ gradients are about 10× P-Net’s; balancing scales each head’s gradient to the same mean size.</p>
      </div>}
      {show('eot') && <NumberField spec={attackSpec('eot')} hint="Averages the gradient over this many augmented copies (small rescales, shifts, blur, JPEG-like noise); 0 = off. Each copy costs another forward and backward pass." value={p.eot} disabled={off('eot')} onChange={(eot) => setParams({ eot })} />}

      {show('tv') && <NumberField spec={attackSpec('tv')} hint="Total variation penalty on δ: larger values give smoother, less blotchy perturbations." value={p.tv} disabled={off('tv')} onChange={(tv) => setParams({ tv })} />}
      {show('tvKind') && <div className="field">
        <label htmlFor="tv-kind">TV kind</label>
        <select id="tv-kind" value={p.tvKind} disabled={off('tvKind')} onChange={(e) => setParams({ tvKind: e.target.value as AttackParams['tvKind'] })}>
          <option value="iso">Isotropic √(dx² + dy²)</option>
          <option value="aniso">Anisotropic |dx| + |dy|</option>
        </select>
      </div>}
      {show('domain') && <div className="field">
        <label htmlFor="domain">Perturbation domain</label>
        <select id="domain" value={p.domain} disabled={off('domain')} onChange={(e) => setParams({ domain: e.target.value as AttackParams['domain'] })}>
          {DOMAINS.map((d) => <option key={d} value={d}>{DOMAIN_LABELS[d]}</option>)}
        </select>
        <p className="hint">Low resolution: δ lives on the finest attacked pyramid level and is enlarged; nearest enlarging leaves visible blocks.</p>
      </div>}

      {faces === 0 && detection && <p className="hint">No face detected in this photo: nothing to attack.</p>}
    </section>
  );
}
