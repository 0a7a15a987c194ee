import { memo, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useT } from './i18n';

/*
 * A small SVG line chart: axis titles, readable "nice" ticks, a cursor at the shown step, and a size
 * that follows its box (ResizeObserver). Cheap to redraw (one path per series, at most MAX_POINTS
 * points), so replay and live updates never cost the main thread much.
 */

export interface Series {
  key: string;
  name: string;
  colour: string;
  /** One value per x (null: no value). */
  values: readonly (number | null)[];
  /** Step-after lines for counts. */
  steps?: boolean;
}

interface Props {
  title: string;
  xLabel: string;
  yLabel: string;
  x: readonly number[];
  xMax: number;
  series: readonly Series[];
  integer?: boolean;
  /** The x of the shown step (a vertical line). */
  cursor?: number | null;
  /** Extra words for the accessible name (the chart's gist). */
  summary?: string;
  /** x ticks at whole numbers (steps, iterations); false for a parameter such as α. */
  xInteger?: boolean;
  /** A dot at every point (few points, such as a sweep). */
  dots?: boolean;
}

const MAX_POINTS = 300;

/** About `count` round tick values covering [lo, hi] (1, 2, 2.5, 5 × 10^k steps). */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): { ticks: number[]; step: number } {
  if (!(hi > lo)) hi = lo + (integer ? 1 : Math.abs(lo) || 1);
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const step = integer ? Math.max(1, Math.round(nice)) : nice;
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks.at(-1)! < hi) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return { ticks, step };
}

export function tickFormat(step: number): (v: number) => string {
  const digits = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (String(step).includes('25') ? 1 : 0));
  return (v) => v.toFixed(Math.min(4, digits));
}

function useBoxSize(): [RefObject<HTMLDivElement | null>, { width: number; height: number; em: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0, em: 16 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const em = parseFloat(getComputedStyle(el).fontSize) || 16;
      setSize((s) => (Math.abs(s.width - r.width) < 1 && Math.abs(s.height - r.height) < 1 && s.em === em ? s : { width: Math.floor(r.width), height: Math.floor(r.height), em }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

export const Chart = memo(function Chart({ title, xLabel, yLabel, x, xMax, series, integer = false, cursor = null, summary, xInteger = true, dots = false }: Props) {
  const { t } = useT('progress');
  const [ref, { width, height, em }] = useBoxSize();
  const stride = Math.max(1, Math.ceil(x.length / MAX_POINTS));
  const idx = x.map((_, i) => i).filter((i) => i % stride === 0 || i === x.length - 1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const i of idx) {
    const v = s.values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (integer || lo >= 0) lo = Math.min(0, lo);
  const yTicks = niceTicks(lo, hi, height < 9 * em ? 3 : 4, integer);
  const xTop = xInteger ? Math.max(1, xMax) : xMax > 0 ? xMax : 1;
  const xTicks = niceTicks(0, xTop, width < 20 * em ? 4 : 6, xInteger);
  const fmtY = tickFormat(yTicks.step);
  const fmtX = xInteger ? String : tickFormat(xTicks.step);
  const yLo = yTicks.ticks[0]!;
  const yHi = yTicks.ticks.at(-1)!;
  const xHi = xTop;
  const xTickValues = xTicks.ticks.filter((t) => t <= xHi);

  const longest = Math.max(...yTicks.ticks.map((t) => fmtY(t).length));
  const m = { left: Math.round(em * (1.6 + 0.6 * longest)), right: Math.round(em * (xInteger ? 0.8 : 0.4 + 0.3 * fmtX(xTicks.ticks.at(-1)!).length)), top: Math.round(em * 0.6), bottom: Math.round(em * 2.6) };
  const w = Math.max(10, width - m.left - m.right);
  const h = Math.max(10, height - m.top - m.bottom);
  const sx = (v: number) => m.left + (v / xHi) * w;
  const sy = (v: number) => m.top + h - ((v - yLo) / (yHi - yLo || 1)) * h;

  const path = (s: Series) => {
    let d = '';
    let prev: [number, number] | null = null;
    for (const i of idx) {
      const v = s.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        prev = null;
        continue;
      }
      const [px, py] = [sx(x[i]!), sy(v)];
      if (!prev) d += `M${px.toFixed(1)},${py.toFixed(1)}`;
      else if (s.steps) d += `H${px.toFixed(1)}V${py.toFixed(1)}`;
      else d += `L${px.toFixed(1)},${py.toFixed(1)}`;
      prev = [px, py];
    }
    return d;
  };
  const cursorIndex = cursor === null ? -1 : x.indexOf(cursor);
  const label = summary ? t('charts.label', { title, summary }) : title;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={ref} className="chart-box">
        {width > 0 && height > 0 && (
          <svg width={width} height={height} role="img" aria-label={label}>
            <g className="grid">
              {yTicks.ticks.map((t) => (
                <line key={`y${t}`} x1={m.left} x2={m.left + w} y1={sy(t)} y2={sy(t)} />
              ))}
            </g>
            <g className="axis">
              <line x1={m.left} x2={m.left} y1={m.top} y2={m.top + h} />
              <line x1={m.left} x2={m.left + w} y1={m.top + h} y2={m.top + h} />
              {yTicks.ticks.map((t) => (
                <text key={`yt${t}`} x={m.left - em * 0.4} y={sy(t)} textAnchor="end" dominantBaseline="middle">
                  {fmtY(t)}
                </text>
              ))}
              {xTickValues.map((t) => (
                <text key={`xt${t}`} x={sx(t)} y={m.top + h + em * 1.1} textAnchor="middle">
                  {fmtX(t)}
                </text>
              ))}
              <text className="axis-title" x={m.left + w / 2} y={height - em * 0.3} textAnchor="middle">
                {xLabel}
              </text>
              <text className="axis-title" transform={`translate(${em * 0.9}, ${m.top + h / 2}) rotate(-90)`} textAnchor="middle">
                {yLabel}
              </text>
            </g>
            {series.map((s) => (
              <path key={s.key} d={path(s)} fill="none" stroke={s.colour} strokeWidth={Math.max(2, em / 7)} />
            ))}
            {dots &&
              series.map((s) =>
                idx.map((i) => {
                  const v = s.values[i];
                  return v === null || v === undefined ? null : <circle key={`dot-${s.key}-${i}`} cx={sx(x[i]!)} cy={sy(v)} r={em / 4} fill={s.colour} />;
                }),
              )}
            {!dots && idx.length === 1 &&
              series.map((s) => {
                const v = s.values[idx[0]!];
                return v === null || v === undefined ? null : <circle key={`one-${s.key}`} cx={sx(x[idx[0]!]!)} cy={sy(v)} r={em / 4} fill={s.colour} />;
              })}
            {cursorIndex >= 0 && (
              <g className="cursor">
                <line x1={sx(cursor!)} x2={sx(cursor!)} y1={m.top} y2={m.top + h} />
                {series.map((s) => {
                  const v = s.values[cursorIndex];
                  return v === null || v === undefined ? null : <circle key={s.key} cx={sx(cursor!)} cy={sy(v)} r={em / 4} fill={s.colour} />;
                })}
              </g>
            )}
          </svg>
        )}
      </div>
      {series.length > 1 && (
        <ul className="legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
});
