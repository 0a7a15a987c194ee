import { useId, useState } from 'react';
import { numberRange, type NumberRange, type ParamSpec } from '../core/params/schema';

interface Props {
  /** A run parameter (label, range and step from the parameter schema), or a plain range for view settings. */
  spec: ParamSpec | NumberRange;
  hint?: string;
  value: number;
  /** Also show a slider (its accessible name is "<label> slider"); it covers [min, sliderMax]. */
  slider?: boolean;
  disabled?: boolean;
  onChange: (value: number) => void;
}

/** A labelled number input (and optional slider). Out-of-range typed values are refused with a message. */
export function NumberField({ spec, hint, value, slider, disabled, onChange }: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const { label, min, max, step, integer, sliderMax: top } = 'kind' in spec ? numberRange(spec) : spec;
  const sliderMax = Math.min(max, top ?? max);
  if (shown !== value) {
    // The value changed from outside (preset, URL, slider): show it.
    setShown(value);
    setText(String(value));
  }

  const commit = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return setError(`${label} must be a number.`);
    if (v < min || v > max) return setError(`${label} must be between ${min} and ${max}; ${v} was not applied.`);
    if (integer && !Number.isInteger(v)) return setError(`${label} must be a whole number.`);
    setError(null);
    onChange(v);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        {slider && (
          <input
            type="range"
            aria-label={`${label} slider`}
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
