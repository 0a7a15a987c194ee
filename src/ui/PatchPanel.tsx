import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { Detection } from '../core/mtcnn/detect';
import { formatPatch, parsePatch, patchArea, PATCH_PRESETS, resolvePatch, type PatchPart, type PatchPreset, type PatchShape, type ShapeKind } from '../core/attack/patch';
import { searchSmallestPatch, singlePreset, type PatchSearchResult } from '../core/attack/patchSearch';
import { attackSpec } from '../core/params/schema';
import { NumberField } from './NumberField';
import { imageSource } from './drawDetections';
import { app, useCan } from './app';
import { appStore, selectDetection, selectParams, selectPhoto, useAppStore } from './store';
import { formatNumber, useT } from './i18n';
import { paramLabel } from './i18n/paramText';
import './patch.css';

/*
 * Patch attacks (Kaziakhmedov et al. 2019 attacked MTCNN with printed cheek patches): δ confined to a
 * region the user draws on the photo (rectangles, ellipses) or a preset placed from the landmarks of
 * the attacked face. The region is the attack's `patch` parameter, so it is in the link; the attack
 * itself runs from the ordinary Run attack button.
 */

const FILL = 'rgba(255, 40, 200, 0.35)';
const LINE = 'rgba(255, 40, 200, 0.95)';
const MIN_DRAG_PX = 3;

/** What the smallest-patch search says (written in the page's language when shown). */
type SearchNote =
  | { kind: 'starting' }
  | { kind: 'trying'; preset: PatchPreset; scale: number }
  | { kind: 'found'; scale: number; area: number }
  | { kind: 'none'; max: number }
  | { kind: 'stopped' };

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function attackedFaces(face: number | 'all', detection: Pick<Detection, 'faces'> | null): number[] {
  const n = detection?.faces.length ?? 0;
  if (face === 'all') return Array.from({ length: n }, (_, i) => i);
  return face < n ? [face] : [];
}

function shapePath(ctx: CanvasRenderingContext2D, s: PatchShape): void {
  ctx.beginPath();
  if (s.kind === 'rect') {
    ctx.rect(s.x, s.y, s.width, s.height);
    return;
  }
  const cx = s.x + s.width / 2;
  const cy = s.y + s.height / 2;
  ctx.ellipse(cx, cy, s.width / 2, s.height / 2, 0, 0, 2 * Math.PI);
  if (s.kind === 'frame') {
    // The hole: the inner ellipse, drawn the other way round (even-odd fill).
    ctx.moveTo(cx + (s.width / 2) * 0.65, cy);
    ctx.ellipse(cx, cy, (s.width / 2) * 0.65, (s.height / 2) * 0.65, 0, 0, 2 * Math.PI, true);
  }
}

function dragShape(d: Drag, kind: ShapeKind): PatchShape {
  return { kind, x: Math.min(d.x0, d.x1), y: Math.min(d.y0, d.y1), width: Math.abs(d.x1 - d.x0), height: Math.abs(d.y1 - d.y0) };
}

export function PatchPanel() {
  const { t } = useT('patch');
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const p = useAppStore(selectParams);
  const locked = !useCan('edit');
  const canAttack = useCan('attack');
  const [tool, setTool] = useState<ShapeKind>('rect');
  const [presetScale, setPresetScale] = useState(1);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [search, setSearch] = useState<{ running: boolean; note: SearchNote; result: PatchSearchResult | null } | null>(null);
  const stopSearch = useRef(false);
  const canvas = useRef<HTMLCanvasElement>(null);

  const parsed = useMemo(() => parsePatch(p.patch), [p.patch]);
  const parts: PatchPart[] = 'parts' in parsed ? parsed.parts : [];
  const faces = useMemo(() => attackedFaces(p.face, detection), [p.face, detection]);
  const shapes = useMemo(() => (detection && 'parts' in parsed ? resolvePatch(p.patch, detection, faces) : []), [p.patch, parsed, detection, faces]);
  const area = useMemo(() => (photo ? patchArea(shapes, photo.rgba.width, photo.rgba.height) : 0), [shapes, photo]);
  const preset = 'parts' in parsed ? singlePreset(p.patch) : null;

  useEffect(() => {
    const el = canvas.current;
    if (!el || !photo) return;
    const id = requestAnimationFrame(() => {
      const { width, height } = photo.rgba;
      if (el.width !== width || el.height !== height) {
        el.width = width;
        el.height = height;
      }
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.drawImage(imageSource(photo.rgba), 0, 0, width, height);
      const line = Math.max(1.5, Math.min(width, height) / 300);
      ctx.fillStyle = 'rgba(0, 229, 255, 0.9)';
      for (const i of faces) {
        for (const m of detection?.faces[i]?.landmarks ?? []) {
          ctx.beginPath();
          ctx.arc(m.x, m.y, line * 1.5, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      ctx.lineWidth = line;
      for (const s of shapes) {
        shapePath(ctx, s);
        ctx.fillStyle = FILL;
        ctx.fill('evenodd');
        ctx.strokeStyle = LINE;
        ctx.stroke();
      }
      if (drag) {
        ctx.setLineDash([line * 3, line * 2]);
        shapePath(ctx, dragShape(drag, tool));
        ctx.strokeStyle = '#fff';
        ctx.stroke();
        ctx.setLineDash([]);
      }
    });
    return () => cancelAnimationFrame(id);
  }, [photo, detection, faces, shapes, drag, tool]);

  if (!photo) return null;

  const setPatch = (next: PatchPart[]) => app.setParams({ patch: formatPatch(next) });
  const toImage = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / Math.max(1, r.width)) * photo.rgba.width;
    const y = ((e.clientY - r.top) / Math.max(1, r.height)) * photo.rgba.height;
    return { x: Math.min(photo.rgba.width, Math.max(0, x)), y: Math.min(photo.rgba.height, Math.max(0, y)) };
  };
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (locked || e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const { x, y } = toImage(e);
    setDrag({ x0: x, y0: y, x1: x, y1: y });
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drag) return;
    const { x, y } = toImage(e);
    setDrag({ ...drag, x1: x, y1: y });
  };
  const onUp = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drag) return;
    const { x, y } = toImage(e);
    const shape = dragShape({ ...drag, x1: x, y1: y }, tool);
    setDrag(null);
    if (shape.width < MIN_DRAG_PX || shape.height < MIN_DRAG_PX) return;
    // A drawn shape joins the drawn ones; it replaces a preset.
    setPatch([...parts.filter((q) => !('preset' in q)), shape]);
  };

  const runSearch = async (name: PatchPreset) => {
    stopSearch.current = false;
    const original = p.patch;
    setSearch({ running: true, note: { kind: 'starting' }, result: null });
    try {
      const result = await searchSmallestPatch(name, async (patch, scale) => {
        if (stopSearch.current) throw new Error('stopped');
        setSearch((s) => s && { ...s, note: { kind: 'trying', preset: name, scale } });
        app.setParams({ patch });
        await app.runAttack();
        const s = appStore.getState();
        const result = s.run?.result;
        if (!result || s.run?.params.patch !== patch) throw new Error('stopped');
        const tried = s.detection ? resolvePatch(patch, s.detection, attackedFaces(s.run.params.face, s.detection)) : [];
        return { evaded: result.successRate === 1, area: patchArea(tried, photo.rgba.width, photo.rgba.height) };
      });
      if (result.smallest) app.setParams({ patch: result.smallest.patch });
      else app.setParams({ patch: original });
      setSearch({
        running: false,
        note: result.smallest
          ? { kind: 'found', scale: result.smallest.scale, area: result.smallest.area }
          : { kind: 'none', max: Math.max(...result.tries.map((x) => x.scale)) },
        result,
      });
    } catch {
      setSearch((s) => ({ running: false, note: { kind: 'stopped' }, result: s?.result ?? null }));
    }
  };

  const busy = search?.running ?? false;
  const noteText = (note: SearchNote): string => {
    switch (note.kind) {
      case 'starting':
        return t('search.starting');
      case 'trying':
        return t('search.trying', { preset: t(`presetsInSentence.${note.preset}`), scale: note.scale });
      case 'found':
        return t('search.found', { scale: note.scale, area: formatNumber(note.area) });
      case 'none':
        return t('search.none', { max: note.max });
      case 'stopped':
        return t('search.stopped');
    }
  };
  return (
    <section aria-labelledby="patch-title" className="panel patch">
      <h2 id="patch-title">{t('title')}</h2>
      <p className="hint">{t('intro', { patchEps: paramLabel('patchEps') })}</p>
      <div className="patch-tools" role="group" aria-label={t('tools.name')}>
        <label className="check">
          <input type="radio" name="patch-tool" checked={tool === 'rect'} onChange={() => setTool('rect')} disabled={locked} /> {t('tools.rect')}
        </label>
        <label className="check">
          <input type="radio" name="patch-tool" checked={tool === 'ellipse'} onChange={() => setTool('ellipse')} disabled={locked} /> {t('tools.ellipse')}
        </label>
        <button type="button" disabled={locked || parts.length === 0} onClick={() => setPatch(parts.slice(0, -1))}>
          {t('tools.undo')}
        </button>
        <button type="button" disabled={locked || parts.length === 0} onClick={() => setPatch([])}>
          {t('tools.clear')}
        </button>
      </div>
      <canvas
        ref={canvas}
        className={locked ? 'patch-canvas locked' : 'patch-canvas'}
        role="img"
        aria-label={t('editor.name', { photo: photo.name, shape: tool === 'rect' ? t('editor.rect') : t('editor.ellipse') })}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      />
      <div className="patch-presets" role="group" aria-label={t('presets.name')}>
        {PATCH_PRESETS.map((name) => (
          <button key={name} type="button" disabled={locked || faces.length === 0} aria-pressed={preset === name} onClick={() => setPatch([{ preset: name, scale: presetScale }])}>
            {t(`presets.${name}`)}
          </button>
        ))}
      </div>
      <div className="patch-fields">
        <NumberField
          spec={{ label: t('size.label'), min: 0.1, max: 10, step: 0.05 }}
          hint={t('size.hint')}
          value={presetScale}
          disabled={locked}
          onChange={(s) => {
            setPresetScale(s);
            if (preset) setPatch([{ preset, scale: s }]);
          }}
        />
        <NumberField spec={attackSpec('patchEps')} hint={t('patchEpsHint')} value={p.patchEps} disabled={locked} onChange={(patchEps) => app.setParams({ patchEps })} />
      </div>
      <p role="status" aria-label={t('summary.name')}>
        {parts.length === 0
          ? t('summary.none')
          : t('summary.shapes', { patch: p.patch, count: shapes.length, area: formatNumber(area), inside: p.patchEps > 0 ? String(p.patchEps) : `${p.eps} (ε)` })}
      </p>
      <div className="buttons">
        <button type="button" disabled={!preset || busy || !canAttack} onClick={() => preset && void runSearch(preset)}>
          {t('search.smallest')}
        </button>
        <button type="button" disabled={!busy} onClick={() => (stopSearch.current = true)}>
          {t('search.stop')}
        </button>
      </div>
      {search && (
        <div>
          <p role="status" aria-label={t('search.name')}>
            {noteText(search.note)}
          </p>
          {search.result && search.result.tries.length > 0 && (
            <table className="norms">
              <caption>{t('tries.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tries.size')}</th>
                  <th scope="col">{t('tries.pixels')}</th>
                  <th scope="col">{t('tries.verdict')}</th>
                </tr>
              </thead>
              <tbody>
                {search.result.tries.map((x, i) => (
                  <tr key={i}>
                    <td>{x.scale}×</td>
                    <td>{formatNumber(x.area)}</td>
                    <td>{x.evaded ? t('tries.evaded') : t('tries.detected')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
