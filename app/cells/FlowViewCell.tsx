import { tableFromIPC } from 'apache-arrow';
import * as d3 from 'd3';
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { fmtNyClock } from '../charts/chart-frame.ts';
import { fmtDate, fmtInt, fmtMoney, fmtPrice, fmtTime } from '../format.ts';
import { makeFrameScheduler } from '../frame-scheduler.ts';
import type { ViewBox } from '../gl/point-layer.ts';
import { createPointRenderer } from '../gl/point-renderer.ts';
import { createPointStore } from '../gl/point-store.ts';
import { useNotebook } from '../notebook/notebook-context.ts';
import type { FlowViewCell as FlowViewSpec, PointField } from '../notebook/spec.ts';
import { describeFilter, fieldSql, printPredicate } from '../notebook/tape-filter.ts';
import { FilterBuilder } from './FilterBuilder.tsx';

const FIELDS: PointField[] = ['ts', 'strike', 'premium', 'expiry', 'dte', 'otm_pct', 'iv', 'size', 'delta'];
const FIELD_LABEL: Record<PointField, string> = {
  ts: 'time',
  strike: 'strike',
  premium: 'premium',
  expiry: 'expiry',
  dte: 'DTE',
  otm_pct: 'OTM %',
  iv: 'IV',
  size: 'size',
  delta: 'delta',
};
/** Rows read per refresh; a backlog (opening a full day) arrives over successive frames. */
const PAGE = 250_000;
const AXIS = { left: 56, bottom: 22 };
/** After the last pan or zoom, the full set is drawn this much later. */
const SETTLE_MS = 150;

/** Point size in px from premium: 2 px at nothing, about 9 px at $1M. */
const sizeOf = (premium: number) => Math.min(24, 2 + 2.3 * Math.log10(1 + premium / 5000));

const tickFormat = (f: PointField, span: number) => (v: number) =>
  f === 'ts'
    ? fmtNyClock(v, span)
    : f === 'expiry'
      ? fmtDate(v * 86_400_000)
      : f === 'premium'
        ? fmtMoney(v)
        : d3.format('~s')(v);

/**
 * Prints as WebGL points (x × y of any two numeric fields), size by premium, colour by sentiment.
 * Drag pans, the wheel zooms, hovering shows the print, Shift-drag brushes a range that every cell
 * following the selection applies; double-click clears it.
 */
export function FlowViewCell(props: { cell: FlowViewSpec; update: (patch: Partial<FlowViewSpec>) => void }) {
  const env = useNotebook();
  let canvas!: HTMLCanvasElement;
  let box!: HTMLDivElement;
  let axes!: SVGSVGElement;
  let renderer: ReturnType<typeof createPointRenderer> | undefined;
  const store = createPointStore();
  const [error, setError] = createSignal<string | null>(null);
  const [points, setPoints] = createSignal(0);
  const [hover, setHover] = createSignal<{ x: number; y: number; text: string } | null>(null);
  const [brush, setBrush] = createSignal<ViewBox | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [size, setSize] = createSignal({ w: 600, h: 300 });
  const [frameMs, setFrameMs] = createSignal<number | null>(null);
  const [drawn, setDrawn] = createSignal(0);
  // Bumped on every redraw, so overlays placed in data coordinates (the brush) follow pan and zoom.
  const [viewTick, setViewTick] = createSignal(0);
  let lastRid = 0;
  // Float32 holds about 7 digits: positions are stored relative to the first point.
  let origin: { x: number; y: number } | null = null;
  let view: ViewBox | null = null;
  let userMoved = false;
  let lastMove = -Infinity;
  let settleTimer = 0;
  let epoch = 0;

  const where = createMemo(() => printPredicate(props.cell.filter));
  const logY = () => props.cell.logY === true;
  const yExpr = createMemo(() => {
    const e = fieldSql(props.cell.y);
    return logY() ? `log10(greatest(${e}, 1e-9))` : e;
  });

  const plotSize = () => ({ w: Math.max(10, size().w - AXIS.left), h: Math.max(10, size().h - AXIS.bottom) });
  const toData = (px: number, py: number) => {
    const { w, h } = plotSize();
    const v = view!;
    return { x: v.x0 + (px / w) * (v.x1 - v.x0), y: v.y0 + ((h - py) / h) * (v.y1 - v.y0) };
  };

  const redraw = () => {
    if (!renderer) return;
    const { w, h } = plotSize();
    if (!userMoved) {
      const e = store.extent();
      if (e) {
        const px = (e.x1 - e.x0) * 0.04 || 1;
        const py = (e.y1 - e.y0) * 0.06 || 1;
        view = { x0: e.x0 - px, x1: e.x1 + px, y0: e.y0 - py, y1: e.y1 + py };
      }
    }
    if (!view) view = { x0: 0, x1: 1, y0: 0, y1: 1 };
    // While the view moves, frames draw a sample; the full set follows once it settles.
    const moving = performance.now() - lastMove < SETTLE_MS;
    renderer.draw(view, w, h, devicePixelRatio, moving);
    setViewTick((t) => t + 1);
    if (moving) {
      clearTimeout(settleTimer);
      settleTimer = window.setTimeout(() => frame.request(), SETTLE_MS);
    }
    const o = origin ?? { x: 0, y: 0 };
    const sx = d3
      .scaleLinear()
      .domain([view.x0 + o.x, view.x1 + o.x])
      .range([AXIS.left, AXIS.left + w]);
    const yDomain = [view.y0 + o.y, view.y1 + o.y];
    const sy = d3.scaleLinear().domain(yDomain).range([h, 0]);
    const root = d3.select(axes);
    root.selectAll('*').remove();
    const fx = tickFormat(props.cell.x, view.x1 - view.x0);
    const fy = tickFormat(props.cell.y, view.y1 - view.y0);
    root
      .append('g')
      .attr('transform', `translate(0,${h})`)
      .call(
        d3
          .axisBottom(sx)
          .ticks(Math.max(2, w / 110))
          .tickFormat((v) => fx(Number(v))),
      );
    root
      .append('g')
      .attr('transform', `translate(${AXIS.left},0)`)
      .call(
        d3
          .axisLeft(sy)
          .ticks(Math.max(2, h / 50))
          .tickFormat((v) => fy(logY() ? 10 ** Number(v) : Number(v))),
      );
    root.selectAll('text').attr('fill', '#6b7b8f').attr('font-size', 10);
    root.selectAll('line,path').attr('stroke', '#1f2a37');
  };
  const frame = makeFrameScheduler(async () => redraw());

  const load = async () => {
    if (!env.trusted() || !renderer) return;
    const mine = epoch;
    try {
      const x = fieldSql(props.cell.x);
      const sql = `SELECT rid::DOUBLE AS rid, (${x})::DOUBLE AS x, (${yExpr()})::DOUBLE AS y, premium::DOUBLE AS premium,
          CASE sentiment WHEN 'bullish' THEN 0 WHEN 'bearish' THEN 1 ELSE 2 END::FLOAT AS c
        FROM option_trades WHERE rid > ${lastRid} AND ${where()} AND (${x}) IS NOT NULL AND (${yExpr()}) IS NOT NULL
        ORDER BY rid LIMIT ${PAGE}`;
      const t = tableFromIPC(await env.engine.query(sql));
      if (mine !== epoch || t.numRows === 0) return;
      const col = (n: string) => t.getChild(n)!.toArray() as Float64Array | Float32Array;
      const r = col('rid');
      const xs = col('x');
      const ys = col('y');
      const prem = col('premium');
      const n = t.numRows;
      origin ??= { x: xs[0]!, y: ys[0]! };
      const bx = new Float32Array(n);
      const by = new Float32Array(n);
      const bs = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        bx[i] = xs[i]! - origin.x;
        by[i] = ys[i]! - origin.y;
        bs[i] = sizeOf(prem[i]!);
      }
      const batch = { x: bx, y: by, size: bs, color: Float32Array.from(col('c')) };
      store.append(batch, r);
      renderer.append(batch);
      lastRid = r[n - 1]!;
      setPoints(store.count);
      setError(null);
      frame.request();
      if (n === PAGE) loader.request();
    } catch (e) {
      setError(`${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  const loader = makeFrameScheduler(load);
  const reset = () => {
    epoch += 1;
    store.clear();
    renderer?.clear();
    lastRid = 0;
    origin = null;
    userMoved = false;
    setPoints(0);
    loader.request();
  };

  onMount(() => {
    try {
      renderer = createPointRenderer(canvas, (r) => {
        if (r.type === 'error') setError(`WebGL: ${r.message}`);
        else if (r.type === 'drawn') {
          setFrameMs(r.ms);
          setDrawn(r.drawn);
        }
      });
    } catch (e) {
      setError(`WebGL is not available: ${(e as Error).message}`);
      return;
    }
    const ro = new ResizeObserver(() => {
      const w = box.clientWidth;
      const h = box.clientHeight;
      setSize({ w, h });
      const p = plotSize();
      // The drawing buffer belongs to the render worker (OffscreenCanvas); the page sets the CSS size.
      canvas.style.width = `${p.w}px`;
      canvas.style.height = `${p.h}px`;
      frame.request();
    });
    ro.observe(box);
    onCleanup(() => ro.disconnect());
    loader.request();
  });
  createEffect(on(env.dataTick, () => loader.request(), { defer: true }));
  createEffect(on(env.trusted, (t) => t && loader.request(), { defer: true }));
  createEffect(on([where, () => props.cell.x, yExpr], reset, { defer: true }));
  onCleanup(() => {
    loader.cancel();
    frame.cancel();
    clearTimeout(settleTimer);
    renderer?.destroy();
  });

  // Pointer: drag pans, Shift-drag brushes, wheel zooms about the cursor.
  let drag: { px: number; py: number; view: ViewBox; brushing: boolean } | null = null;
  const local = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };
  const onDown = (e: PointerEvent) => {
    if (!view) return;
    canvas.setPointerCapture(e.pointerId);
    const { px, py } = local(e);
    drag = { px, py, view: { ...view }, brushing: e.shiftKey };
    if (e.shiftKey) setBrush(null);
  };
  const onMove = (e: PointerEvent) => {
    const { px, py } = local(e);
    if (drag && view) {
      if (drag.brushing) {
        const a = toData(drag.px, drag.py);
        const b = toData(px, py);
        setBrush({
          x0: Math.min(a.x, b.x),
          x1: Math.max(a.x, b.x),
          y0: Math.min(a.y, b.y),
          y1: Math.max(a.y, b.y),
        });
      } else {
        const { w, h } = plotSize();
        const dx = ((px - drag.px) / w) * (drag.view.x1 - drag.view.x0);
        const dy = ((py - drag.py) / h) * (drag.view.y1 - drag.view.y0);
        view = { x0: drag.view.x0 - dx, x1: drag.view.x1 - dx, y0: drag.view.y0 + dy, y1: drag.view.y1 + dy };
        userMoved = true;
        lastMove = performance.now();
        frame.request();
      }
      return;
    }
    hoverAt(px, py);
  };
  const onUp = () => {
    const b = brush();
    if (drag?.brushing && b && origin) {
      const o = origin;
      const y = (v: number) => (logY() ? 10 ** (v + o.y) : v + o.y);
      env.setSelection({
        source: props.cell.id,
        filter: props.cell.filter,
        ranges: [
          { field: props.cell.x, lo: b.x0 + o.x, hi: b.x1 + o.x },
          { field: props.cell.y, lo: y(b.y0), hi: y(b.y1) },
        ],
      });
    }
    drag = null;
  };
  const onWheel = (e: WheelEvent) => {
    if (!view) return;
    e.preventDefault();
    const { px, py } = local(e);
    const c = toData(px, py);
    const k = Math.exp(e.deltaY * 0.0015);
    view = {
      x0: c.x + (view.x0 - c.x) * k,
      x1: c.x + (view.x1 - c.x) * k,
      y0: e.altKey ? view.y0 : c.y + (view.y0 - c.y) * k,
      y1: e.altKey ? view.y1 : c.y + (view.y1 - c.y) * k,
    };
    userMoved = true;
    lastMove = performance.now();
    frame.request();
  };
  let hoverSeq = 0;
  const hoverAt = (px: number, py: number) => {
    if (!view) return;
    const { w, h } = plotSize();
    const i = store.nearest(view, px, py, w, h, 8);
    if (i < 0) return setHover(null);
    const rid = store.id(i);
    const seq = ++hoverSeq;
    env.engine
      .query(
        `SELECT ts, contract, exchange, side, sentiment, price, size, premium, spot, iv, array_to_string(tags, ' ') AS tags FROM option_trades WHERE rid = ${rid}`,
      )
      .then(
        (bytes) => {
          if (seq !== hoverSeq) return;
          const r = tableFromIPC(bytes).get(0)?.toJSON() as Record<string, unknown> | undefined;
          if (!r) return;
          setHover({
            x: px,
            y: py,
            text: `${fmtTime(r.ts)} ${String(r.contract)} ${String(r.exchange)} · ${String(r.side).replace('_', ' ')} ${String(r.sentiment)} · ${fmtInt(r.size)} @ ${fmtPrice(r.price)} = ${fmtMoney(r.premium)} · spot ${fmtPrice(r.spot)} · IV ${r.iv === null ? '—' : (Number(r.iv) * 100).toFixed(1)}% ${String(r.tags)}`,
          });
        },
        () => setHover(null),
      );
  };
  const mine = () => env.selection()?.source === props.cell.id;
  const brushStyle = () => {
    viewTick();
    const b = brush();
    if (!b || !view) return { display: 'none' };
    const { w, h } = plotSize();
    const sx = (x: number) => ((x - view!.x0) / (view!.x1 - view!.x0)) * w;
    const sy = (y: number) => h - ((y - view!.y0) / (view!.y1 - view!.y0)) * h;
    return {
      left: `${AXIS.left + sx(b.x0)}px`,
      top: `${sy(b.y1)}px`,
      width: `${sx(b.x1) - sx(b.x0)}px`,
      height: `${sy(b.y0) - sy(b.y1)}px`,
    };
  };
  createEffect(
    on(env.selection, (s) => s?.source !== props.cell.id && !drag && setBrush(null), { defer: true }),
  );

  return (
    <div class="flowview-cell">
      <div class="cell-tools">
        <label>
          x
          <select
            value={props.cell.x}
            onChange={(e) => props.update({ x: e.currentTarget.value as PointField })}
            data-testid="flowview-x"
          >
            {FIELDS.map((f) => (
              <option value={f}>{FIELD_LABEL[f]}</option>
            ))}
          </select>
        </label>
        <label>
          y
          <select
            value={props.cell.y}
            onChange={(e) => props.update({ y: e.currentTarget.value as PointField })}
            data-testid="flowview-y"
          >
            {FIELDS.map((f) => (
              <option value={f}>{FIELD_LABEL[f]}</option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={logY()}
            onChange={(e) => props.update({ logY: e.currentTarget.checked })}
          />{' '}
          log y
        </label>
        <button type="button" class={editing() ? 'on' : ''} onClick={() => setEditing(!editing())}>
          Filter
        </button>
        <span class="meta">{describeFilter(props.cell.filter)}</span>
        <span class="meta" data-testid="flowview-count">
          {points().toLocaleString()} points
        </span>
        <Show when={frameMs()}>
          {(ms) => (
            <span class="meta" title="the last frame's draw time in the render worker">
              frame {ms().toFixed(1)} ms
              {drawn() < points() ? ` · moving: ${drawn().toLocaleString()} sampled` : ''}
            </span>
          )}
        </Show>
        <button
          type="button"
          onClick={() => {
            userMoved = false;
            frame.request();
          }}
        >
          fit
        </button>
        <Show when={mine()}>
          <button type="button" onClick={() => env.setSelection(null)} data-testid="selection-clear">
            clear selection
          </button>
        </Show>
        <Show when={error()}>
          <span class="warn" data-testid="flowview-error">
            {error()}
          </span>
        </Show>
      </div>
      <Show when={editing()}>
        <FilterBuilder value={props.cell.filter} onChange={(filter) => props.update({ filter })} />
      </Show>
      <div class="flowview-box" ref={box}>
        <canvas
          ref={canvas}
          style={{ left: `${AXIS.left}px` }}
          data-testid="flowview-canvas"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerLeave={() => setHover(null)}
          onWheel={onWheel}
          onDblClick={() => {
            setBrush(null);
            if (mine()) env.setSelection(null);
          }}
        />
        <svg ref={axes} class="flowview-axes" width={size().w} height={size().h} />
        <div class="flowview-brush" style={brushStyle()} data-testid="flowview-brush" />
        <Show when={hover()}>
          {(h) => (
            <div
              class="flowview-tip"
              style={{ left: `${AXIS.left + h().x + 12}px`, top: `${h().y + 8}px` }}
              data-testid="flowview-tip"
            >
              {h().text}
            </div>
          )}
        </Show>
        <Show when={!env.trusted()}>
          <p class="muted untrusted-note overlay">Not run: this notebook is untrusted.</p>
        </Show>
      </div>
    </div>
  );
}
