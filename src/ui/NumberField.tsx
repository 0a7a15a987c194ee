import { useId, useState } from 'react';
import { numberRange, type NumberRange, type ParamSpec } from '../core/params/schema';
import { useT } from './i18n';
import { Explain, type ExplainTerm } from './i18n/Explain';
import { specText } from './i18n/paramText';
import './i18n/placement.css';

interface Props {
  /** A run parameter (label, range and step from the parameter schema), or a plain range for view settings (its label already in the page's language). */
  spec: ParamSpec | NumberRange;
  hint?: string;
  value: number;
  /** Also show a slider (its accessible name is "<label> slider"); it covers [min, sliderMax]. */
  slider?: boolean;
  disabled?: boolean;
  /** A "?" beside the label that explains the term. */
  explain?: ExplainTerm;
  onChange: (value: number) => void;
}

/** Why a typed value was refused (the message is written at render time, in the page's language). */
type Refusal = { kind: 'notNumber' } | { kind: 'outOfRange'; value: number } | { kind: 'notWhole' };

/** A labelled number input (and optional slider). Out-of-range typed values are refused with a message. */
export function NumberField({ spec, hint, value, slider, disabled, explain, onChange }: Props) {
  const { t } = useT('settings');
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const { min, max, step, integer, sliderMax: top } = 'kind' in spec ? numberRange(spec) : spec;
  const label = 'kind' in spec ? specText(spec, 'label') : spec.label;
  const sliderMax = Math.min(max, top ?? max);
  if (shown !== value) {
    // The value changed from outside (preset, URL, slider): show it.
    setShown(value);
    setText(String(value));
  }

  const commit = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return setRefusal({ kind: 'notNumber' });
    if (v < min || v > max) return setRefusal({ kind: 'outOfRange', value: v });
    if (integer && !Number.isInteger(v)) return setRefusal({ kind: 'notWhole' });
    setRefusal(null);
    onChange(v);
  };
  const error =
    refusal === null
      ? null
      : refusal.kind === 'outOfRange'
        ? t('field.outOfRange', { label, min, max, value: refusal.value })
        : t(`field.${refusal.kind}`, { label });

  const labelElement = <label htmlFor={id}>{label}</label>;
  return (
    <div className="field">
      {explain ? (
        <div className="label-row">
          {labelElement}
          <Explain term={explain} />
        </div>
      ) : (
        labelElement
      )}
      <div className="field-row">
        {slider && (
          <input
            type="range"
            aria-label={t('field.slider', { label })}
            min={min}
            max={sliderMax}
            step={step}
            value={Math.min(sliderMax, Math.max(min, value))}
            disabled={disabled}
            onChange={(e) => commit(e.target.value)}
          />
        )}
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={text}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={`${id}-hint ${id}-error`}
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commit((e.target as HTMLInputElement).value)}
        />
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} className="field-error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </div>
  );
}
