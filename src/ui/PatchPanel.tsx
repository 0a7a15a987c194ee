import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { Detection } from '../core/mtcnn/detect';
import { formatPatch, parsePatch, patchArea, PATCH_PRESETS, resolvePatch, type PatchPart, type PatchPreset, type PatchShape, type ShapeKind } from '../core/attack/patch';
import { searchSmallestPatch, singlePreset, type PatchSearchResult } from '../core/attack/patchSearch';
import { attackSpec } from '../core/params/schema';
import { NumberField } from './NumberField';
import { imageSource } from './drawDetections';
import { app, useCan } from './app';
import { appStore, selectDetection, selectParams, selectPhoto, useAppStore } from './store';
import './patch.css';

/*
 * Patch attacks (Kaziakhmedov et al. 2019 attacked MTCNN with printed cheek patches): δ confined to a
 * region the user draws on the photo (rectangles, ellipses) or a preset placed from the landmarks of
 * the attacked face. The region is the attack's `patch` parameter, so it is in the link; the attack
 * itself runs from the ordinary Run attack button.
 */

const PRESET_LABELS: Record<PatchPreset, string> = { cheeks: 'Both cheeks', forehead: 'Forehead band', glasses: 'Glasses frame', mouth: 'Mouth' };
const FILL = 'rgba(255, 40, 200, 0.35)';
const LINE = 'rgba(255, 40, 200, 0.95)';
const MIN_DRAG_PX = 3;

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
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const p = useAppStore(selectParams);
  const locked = !useCan('edit');
  const canAttack = useCan('attack');
  const [tool, setTool] = useState<ShapeKind>('rect');
  const [presetScale, setPresetScale] = useState(1);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [search, setSearch] = useState<{ running: boolean; note: string; result: PatchSearchResult | null } | null>(null);
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
    setSearch({ running: true, note: 'Starting…', result: null });
    try {
      const result = await searchSmallestPatch(name, async (patch, scale) => {
        if (stopSearch.current) throw new Error('stopped');
        setSearch((s) => s && { ...s, note: `Trying ${PRESET_LABELS[name].toLowerCase()} at ${scale}× …` });
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
          ? `Smallest evading patch: ${result.smallest.scale}× (${result.smallest.area.toLocaleString()} pixels). Run attack again to see it.`
          : `No size up to ${Math.max(...result.tries.map((t) => t.scale))}× evaded.`,
        result,
      });
    } catch {
      setSearch((s) => ({ running: false, note: 'Search stopped.', result: s?.result ?? null }));
    }
  };

  const busy = search?.running ?? false;
  return (
    <section aria-labelledby="patch-title" className="panel patch">
      <h2 id="patch-title">Patch attack</h2>
      <p className="hint">
        Confine the perturbation to a region, like a printed patch on the cheeks (Kaziakhmedov et al., 2019): drag on the photo to draw rectangles or
        ellipses, or place a preset from the attacked face’s landmarks. Outside the patch δ is exactly zero; inside it may reach “ε inside the patch”.
        Then run the attack as usual; every method and head works, and the result can be pruned.
      </p>
      <div className="patch-tools" role="group" aria-label="Drawing tool">
        <label className="check">
          <input type="radio" name="patch-tool" checked={tool === 'rect'} onChange={() => setTool('rect')} disabled={locked} /> Rectangle
        </label>
        <label className="check">
          <input type="radio" name="patch-tool" checked={tool === 'ellipse'} onChange={() => setTool('ellipse')} disabled={locked} /> Ellipse
        </label>
        <button type="button" disabled={locked || parts.length === 0} onClick={() => setPatch(parts.slice(0, -1))}>
          Undo shape
        </button>
        <button type="button" disabled={locked || parts.length === 0} onClick={() => setPatch([])}>
          Clear patch
        </button>
      </div>
      <canvas
        ref={canvas}
        className={locked ? 'patch-canvas locked' : 'patch-canvas'}
        role="img"
        aria-label={`Patch editor: ${photo.name} with the patch region tinted; drag to draw a ${tool === 'rect' ? 'rectangle' : 'ellipse'}`}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      />
      <div className="patch-presets" role="group" aria-label="Patch presets">
        {PATCH_PRESETS.map((name) => (
          <button key={name} type="button" disabled={locked || faces.length === 0} aria-pressed={preset === name} onClick={() => setPatch([{ preset: name, scale: presetScale }])}>
            {PRESET_LABELS[name]}
          </button>
        ))}
      </div>
      <div className="patch-fields">
        <NumberField
          spec={{ label: 'Preset size', min: 0.1, max: 10, step: 0.05 }}
          hint="Scales each preset shape about its centre."
          value={presetScale}
          disabled={locked}
          onChange={(s) => {
            setPresetScale(s);
            if (preset) setPatch([{ preset, scale: s }]);
          }}
        />
        <NumberField spec={attackSpec('patchEps')} hint="Up to 1 (any colour, a printed patch); 0 uses ε." value={p.patchEps} disabled={locked} onChange={(patchEps) => app.setParams({ patchEps })} />
      </div>
      <p role="status" aria-label="Patch summary">
        {parts.length === 0
          ? 'No patch: the attack may change every pixel it reads.'
          : `Patch ${p.patch}: ${shapes.length} shape${shapes.length === 1 ? '' : 's'}, ${area.toLocaleString()} pixels of the photo (δ is zero elsewhere); ε inside ${p.patchEps > 0 ? p.patchEps : `${p.eps} (ε)`}.`}
      </p>
      <div className="buttons">
        <button type="button" disabled={!preset || busy || !canAttack} onClick={() => preset && void runSearch(preset)}>
          Smallest patch
        </button>
        <button type="button" disabled={!busy} onClick={() => (stopSearch.current = true)}>
          Stop search
        </button>
      </div>
      {search && (
        <div>
          <p role="status" aria-label="Patch search">
            {search.note}
          </p>
          {search.result && search.result.tries.length > 0 && (
            <table className="norms">
              <caption>Sizes tried (each a full attack, judged on the 8-bit image)</caption>
              <thead>
                <tr>
                  <th scope="col">Size</th>
                  <th scope="col">Pixels</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {search.result.tries.map((t, i) => (
                  <tr key={i}>
                    <td>{t.scale}×</td>
                    <td>{t.area.toLocaleString()}</td>
                    <td>{t.evaded ? 'Evaded' : 'Still detected'}</td>
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
