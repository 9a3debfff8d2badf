import { tableFromIPC } from 'apache-arrow';
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { EngineClient } from '../engine-client.ts';
import { fmtInt, fmtMoney, fmtPrice, fmtTime } from '../format.ts';
import { makeFrameScheduler } from '../frame-scheduler.ts';

const LIMIT = 300;

type Row = Record<string, unknown>;

const LIST_SQL = (withSingles: boolean, where: string) =>
  `SELECT CAST(id AS VARCHAR) AS id, first_ts, kind, strategy, underlying, array_to_string(contracts, ' ') AS contracts,
     side, sentiment, prints, venue_count, size, premium, array_to_string(tags, ' ') AS tags, open
   FROM flows WHERE (${where}) ${withSingles ? '' : "AND kind <> 'single'"} ORDER BY last_ts DESC, id LIMIT ${LIMIT}`;

const PRINTS_SQL = (id: string) =>
  `SELECT p.seq, t.ts, t.contract, t.exchange, t.side, t.price, t.size, t.premium,
     array_to_string(t.tags, ' ') AS tags
   FROM flow_prints p JOIN option_trades t USING (rid) WHERE p.flow_id = ${id} ORDER BY p.seq`;

const EVIDENCE_SQL = (id: string) => `SELECT evidence FROM flows WHERE id = ${id}`;

interface EvidenceLine {
  subject: string;
  rule: string;
  detail: string;
}

interface EvidenceDoc {
  kind: { rule: string; params: Row; values: Row };
  tags: Record<string, { rule: string; params: Row; values: Row }>;
}

const pairs = (o: Row) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

function evidenceLines(kind: string, json: string): EvidenceLine[] {
  const doc = JSON.parse(json) as EvidenceDoc;
  const line = (subject: string, e: EvidenceDoc['kind']) => ({
    subject,
    rule: e.rule,
    detail: [pairs(e.params), pairs(e.values)].filter((s) => s !== '').join(' · '),
  });
  return [line(kind, doc.kind), ...Object.entries(doc.tags).map(([t, e]) => line(t, e))];
}

const rowsOf = (bytes: Uint8Array): Row[] => [...tableFromIPC(bytes)].map((r) => r.toJSON() as Row);

/**
 * Parent orders (flows) newest first; clicking one opens its prints and the evidence for its kind and
 * each tag. The list holds still while a flow is open or the pointer is over it; a flow regrouped
 * meanwhile (a print joined it or was cancelled) says so.
 */
export function FlowList(props: { engine: EngineClient; total: () => number; where?: () => string }) {
  const [rows, setRows] = createSignal<Row[]>([]);
  const [withSingles, setWithSingles] = createSignal(false);
  const [open, setOpen] = createSignal<Row | null>(null);
  const [prints, setPrints] = createSignal<Row[]>([]);
  const [evidence, setEvidence] = createSignal<EvidenceLine[]>([]);
  const [gone, setGone] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const [hover, setHover] = createSignal(false);
  let byId = new Map<string, Row>();
  const load = async () => {
    // The list holds still while a flow is open or the pointer is over it, so the row under the
    // reader does not move away.
    if (open() !== null || hover()) return;
    try {
      const next = rowsOf(await props.engine.query(LIST_SQL(withSingles(), props.where?.() ?? 'TRUE')));
      // Unchanged flows keep their row object, so their DOM rows are kept rather than rebuilt.
      const kept = new Map<string, Row>();
      const out = next.map((r) => {
        const key = `${String(r.id)}|${String(r.prints)}|${String(r.tags)}|${String(r.open)}`;
        const old = byId.get(key);
        const row = old ?? r;
        kept.set(key, row);
        return row;
      });
      byId = kept;
      setRows(out);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const scheduler = makeFrameScheduler(load);
  createEffect(on([props.total, withSingles, open, hover, () => props.where?.()], () => scheduler.request()));
  onCleanup(() => scheduler.cancel());

  const drill = async (r: Row) => {
    setOpen(r);
    const id = String(r.id);
    try {
      const ev = rowsOf(await props.engine.query(EVIDENCE_SQL(id)));
      setGone(ev.length === 0);
      setEvidence(ev.length === 0 ? [] : evidenceLines(String(r.kind), String(ev[0]!.evidence)));
      setPrints(rowsOf(await props.engine.query(PRINTS_SQL(id))));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="flows" data-testid="flows">
      <div class="flows-bar">
        <label>
          <input
            type="checkbox"
            checked={withSingles()}
            onChange={(e) => setWithSingles(e.currentTarget.checked)}
            data-testid="flows-singles"
          />{' '}
          include single prints
        </label>
        <Show when={hover() || open() !== null}>
          <span data-testid="flows-paused">paused</span>
        </Show>
        <Show when={error()}>
          <span class="warn">{error()}</span>
        </Show>
      </div>
      <div class="flows-body">
        <div class="grid flows-list" onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)}>
          <table>
            <thead>
              <tr>
                <th>Time (ET)</th>
                <th>Kind</th>
                <th>Ticker</th>
                <th>Contracts</th>
                <th>Side</th>
                <th>Direction</th>
                <th>Prints</th>
                <th>Venues</th>
                <th>Size</th>
                <th>Premium</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr
                    class={`flow-row s-${String(r.sentiment)} ${open()?.id === r.id ? 'selected' : ''}`}
                    data-kind={String(r.kind)}
                    data-id={String(r.id)}
                    data-open={String(r.open)}
                    onClick={() => void drill(r)}
                  >
                    <td>{fmtTime(r.first_ts)}</td>
                    <td>{r.strategy === null ? String(r.kind) : String(r.strategy)}</td>
                    <td>{String(r.underlying)}</td>
                    <td>{String(r.contracts)}</td>
                    <td class="c-side">{String(r.side ?? '')}</td>
                    <td class="c-sentiment">{String(r.sentiment)}</td>
                    <td class="num">{fmtInt(r.prints)}</td>
                    <td class="num">{fmtInt(r.venue_count)}</td>
                    <td class="num">{fmtInt(r.size)}</td>
                    <td class="num">{fmtMoney(r.premium)}</td>
                    <td class="c-tags">{String(r.tags)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={open()}>
          {(f) => (
            <div class="grid flow-detail" data-testid="flow-detail">
              <div class="flow-detail-head">
                {String(f().strategy ?? f().kind)} · {String(f().contracts)} · {fmtMoney(f().premium)}
                <button type="button" onClick={() => setOpen(null)}>
                  close
                </button>
              </div>
              <Show when={gone()}>
                <p class="warn" data-testid="flow-gone">
                  This flow was regrouped since it was listed (a print joined it or was cancelled).
                </p>
              </Show>
              <ul class="evidence" data-testid="flow-evidence">
                <For each={evidence()}>
                  {(e) => (
                    <li>
                      <b>{e.subject}</b> — {e.rule}
                      <Show when={e.detail !== ''}>
                        <span class="muted"> ({e.detail})</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <table data-testid="flow-prints">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Time (ET)</th>
                    <th>Contract</th>
                    <th>Venue</th>
                    <th>Side</th>
                    <th>Price</th>
                    <th>Size</th>
                    <th>Premium</th>
                    <th>Tags</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={prints()}>
                    {(p) => (
                      <tr>
                        <td>{String(p.seq)}</td>
                        <td>{fmtTime(p.ts)}</td>
                        <td>{String(p.contract)}</td>
                        <td>{String(p.exchange)}</td>
                        <td>{String(p.side).replace('_', ' ')}</td>
                        <td class="num">{fmtPrice(p.price)}</td>
                        <td class="num">{fmtInt(p.size)}</td>
                        <td class="num">{fmtMoney(p.premium)}</td>
                        <td class="c-tags">{String(p.tags)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Show>
      </div>
    </section>
  );
}
