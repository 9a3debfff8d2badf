import { tableFromIPC } from 'apache-arrow';
import { createEffect, createSignal, For, on, onCleanup, onMount } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';
import { fmtDate, fmtInt, fmtMoney, fmtPrice, fmtTime } from '../format.ts';
import { makeFrameScheduler } from '../frame-scheduler.ts';
import { mark } from '../timing.ts';

const ROW_H = 22;
const OVERSCAN = 8;
/** Browsers cap element heights near 33M px; the tape scrolls over the latest rows within that. */
const MAX_SCROLL_ROWS = 1_000_000;

interface TapeRow {
  rid: number;
  cells: Record<string, unknown>;
}

const COLUMNS = [
  ['time', 'Time (ET)'],
  ['underlying', 'Ticker'],
  ['side', 'Side'],
  ['strike', 'Strike'],
  ['put_call', 'C/P'],
  ['expiry', 'Expiry'],
  ['dte', 'DTE'],
  ['bidask', 'Bid–Ask'],
  ['price', 'Price'],
  ['spot', 'Spot'],
  ['size', 'Size'],
  ['premium', 'Premium'],
  ['volume', 'Volume'],
  ['sentiment', 'Direction'],
  ['tags', 'Tags'],
] as const;

const COLS = `rid, ts, underlying, side, strike, put_call, expiry, dte, bid, ask, price, spot, size, premium, volume,
     sentiment, array_to_string(tags, ' ') AS tags, exchange`;

/** Unfiltered, a window of rids is the fastest read; filtered, the newest matching rows by offset. */
const WINDOW_SQL = (lo: number, hi: number) =>
  `SELECT ${COLS} FROM option_trades WHERE rid BETWEEN ${lo} AND ${hi} ORDER BY rid DESC`;
const FILTERED_SQL = (where: string, offset: number, count: number) =>
  `SELECT ${COLS} FROM option_trades WHERE ${where} ORDER BY rid DESC LIMIT ${count} OFFSET ${offset}`;
const COUNT_SQL = (where: string) => `SELECT count(*)::DOUBLE AS n FROM option_trades WHERE ${where}`;

/**
 * Newest-first live tape of enriched prints, optionally filtered by a predicate over option_trades;
 * renders only the rows in view.
 */
export function FlowTape(props: {
  engine: EngineClient;
  total: () => number;
  where?: () => string;
  onError?: (message: string | null) => void;
}) {
  let viewport!: HTMLDivElement;
  const [rows, setRows] = createSignal<TapeRow[]>([]);
  const [first, setFirst] = createSignal(0);
  const [height, setHeight] = createSignal(400);
  const [count, setCount] = createSignal(0);
  let anchorTotal = 0;

  const load = async () => {
    try {
      await read();
      props.onError?.(null);
    } catch (e) {
      props.onError?.((e as Error).message);
    }
  };
  const read = async () => {
    const ingested = props.total();
    const where = props.where?.() ?? 'TRUE';
    const total =
      where === 'TRUE'
        ? props.total()
        : Number(
            tableFromIPC(await props.engine.query(COUNT_SQL(where)))
              .getChild('n')
              ?.get(0) ?? 0,
          );
    setCount(total);
    // Keep the rows under the reader's eye still while new prints arrive above them.
    if (viewport.scrollTop > 0 && total > anchorTotal && anchorTotal > 0) {
      viewport.scrollTop += (total - anchorTotal) * ROW_H;
    }
    anchorTotal = total;
    const start = Math.floor(viewport.scrollTop / ROW_H);
    const count = Math.ceil(height() / ROW_H) + OVERSCAN;
    const hi = total - Math.max(0, start - OVERSCAN / 2);
    const lo = Math.max(1, hi - count + 1);
    if (total === 0 || hi < 1) {
      setRows([]);
      return;
    }
    const sql = where === 'TRUE' ? WINDOW_SQL(lo, hi) : FILTERED_SQL(where, total - hi, hi - lo + 1);
    const t = tableFromIPC(await props.engine.query(sql));
    const out: TapeRow[] = [];
    for (const r of t) {
      const o = r.toJSON() as Record<string, unknown>;
      out.push({ rid: Number(o.rid), cells: o });
    }
    setFirst(total - hi);
    setRows(out);
    // The rows are in the DOM now; the next frame paints them.
    requestAnimationFrame(() => mark('tape', { total: ingested }));
  };
  const scheduler = makeFrameScheduler(load);

  onMount(() => {
    const ro = new ResizeObserver(() => {
      setHeight(viewport.clientHeight);
      scheduler.request();
    });
    ro.observe(viewport);
    onCleanup(() => ro.disconnect());
  });
  // Re-query only when prints arrive; scrolling and resizing request their own refresh.
  createEffect(on(props.total, () => scheduler.request(), { defer: true }));
  createEffect(
    on(
      () => props.where?.(),
      () => {
        anchorTotal = 0;
        viewport.scrollTop = 0;
        scheduler.request();
      },
      { defer: true },
    ),
  );
  onCleanup(() => scheduler.cancel());

  const cell = (r: TapeRow, key: (typeof COLUMNS)[number][0]): string => {
    const c = r.cells;
    switch (key) {
      case 'time':
        return fmtTime(c.ts);
      case 'expiry':
        return fmtDate(c.expiry);
      case 'bidask':
        return `${fmtPrice(c.bid)}–${fmtPrice(c.ask)}`;
      case 'price':
      case 'spot':
        return fmtPrice(c[key]);
      case 'strike':
        return String(c.strike ?? '');
      case 'size':
      case 'volume':
        return fmtInt(c[key]);
      case 'premium':
        return fmtMoney(c.premium);
      case 'side':
        return String(c.side ?? '').replace('_', ' ');
      default:
        return String(c[key] ?? '');
    }
  };

  return (
    <section class="tape">
      <div class="tape-head">
        <For each={COLUMNS}>{([k, label]) => <span class={`c-${k}`}>{label}</span>}</For>
      </div>
      <div class="tape-viewport" ref={viewport} onScroll={() => scheduler.request()} data-testid="tape">
        <div class="tape-spacer" style={{ height: `${Math.min(count(), MAX_SCROLL_ROWS) * ROW_H}px` }}>
          <For each={rows()}>
            {(r, i) => (
              <div
                class={`tape-row s-${String(r.cells.sentiment)} ${Number(r.cells.premium) >= 1e6 ? 'golden' : ''}`}
                style={{ transform: `translateY(${(first() + i()) * ROW_H}px)` }}
                data-rid={r.rid}
              >
                <For each={COLUMNS}>{([k]) => <span class={`c-${k}`}>{cell(r, k)}</span>}</For>
              </div>
            )}
          </For>
        </div>
      </div>
    </section>
  );
}
