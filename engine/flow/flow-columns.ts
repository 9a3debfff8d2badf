import { DateDay, Float64, Int32, Int64, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import {
  BigIntColumn,
  DictionaryColumn,
  int8Dict,
  int16Dict,
  NumberColumn,
  recordBatch as batch,
  Utf8Column,
} from '../events/columns.ts';
import type { Evidence, FlowNode } from './flow-node.ts';

const isEmpty = (o: object) => {
  for (const _ in o) return false;
  return true;
};
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** One write number for every row of a batch (tables.ts: `written`). */
function writtenColumn(written: number, n: number): BigIntColumn {
  const c = new BigIntColumn(new Int64(), n);
  for (let i = 0; i < n; i++) c.setNumber(i, written);
  return c;
}

/**
 * The rows of `_flows`, `_flow_prints` and `_flow_evidence` for some flows (docs/schema.md), all
 * stamped with the number of the write they belong to. A single print's kind evidence is left out
 * (and its JSON, when no tag has evidence): the views make them (db/tables.ts).
 */
export function flowBatches(
  flows: readonly FlowNode[],
  written: number,
): {
  flows: RecordBatch;
  prints: RecordBatch;
  evidence: RecordBatch | null;
} {
  const n = flows.length;
  const id = new BigIntColumn(new Int64(), n);
  // Labels repeat from flow to flow: dictionary columns encode each distinct one once per batch.
  const kind = new DictionaryColumn(int8Dict(0), n);
  const strategy = new DictionaryColumn(int8Dict(1), n);
  const underlying = new DictionaryColumn(int16Dict(2), n);
  const contract = new Utf8Column(n);
  const contracts = new Utf8Column(n);
  const expiry = new NumberColumn(new DateDay(), n);
  const putCall = new DictionaryColumn(int8Dict(3), n);
  const strike = new NumberColumn(new Float64(), n);
  const legs = new NumberColumn(new Int32(), n);
  const firstTs = new BigIntColumn(new TimestampNanosecond(), n);
  const lastTs = new BigIntColumn(new TimestampNanosecond(), n);
  const windowEnd = new BigIntColumn(new TimestampNanosecond(), n);
  const printCount = new NumberColumn(new Int32(), n);
  const venues = new Utf8Column(n);
  const size = new NumberColumn(new Float64(), n);
  const premium = new NumberColumn(new Float64(), n);
  const avgPrice = new NumberColumn(new Float64(), n);
  const side = new DictionaryColumn(int8Dict(4), n);
  const sentiment = new DictionaryColumn(int8Dict(5), n);
  const dte = new NumberColumn(new Int32(), n);
  const spot = new NumberColumn(new Float64(), n);
  const oi = new NumberColumn(new Int32(), n);
  const netDelta = new NumberColumn(new Float64(), n);
  const members = new Utf8Column(n);
  const tags = new DictionaryColumn(int16Dict(6), n);
  const evidenceJson = new Utf8Column(n);

  let pn = 0;
  for (const f of flows) pn += f.prints.length;
  const pFlow = new BigIntColumn(new Int64(), pn);
  const pRid = new BigIntColumn(new Int64(), pn);
  const pSeq = new NumberColumn(new Int32(), pn);
  const pLeg = new NumberColumn(new Int32(), pn);

  const eFlow = new BigIntColumn(new Int64(), 64);
  const eSubject = new DictionaryColumn(int16Dict(0), 64);
  const eRule = new DictionaryColumn(int16Dict(1), 64);
  const eName = new DictionaryColumn(int16Dict(2), 64);
  const eRole = new DictionaryColumn(int8Dict(3), 64);
  const eValue = new NumberColumn(new Float64(), 64);
  const eText = new Utf8Column(64);
  let en = 0;
  const row = (
    flow: number,
    subject: string,
    rule: string,
    name: string,
    role: 'param' | 'value',
    v: unknown,
  ) => {
    eFlow.setNumber(en, flow);
    eSubject.set(en, subject);
    eRule.set(en, rule);
    eName.set(en, name === '' ? null : name);
    eRole.set(en, role);
    eValue.set(en, typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null);
    eText.set(en, v === null ? null : String(v));
    en++;
  };
  const addEvidence = (flow: number, subject: string, e: Evidence) => {
    const before = en;
    for (const k in e.params) row(flow, subject, e.rule, k, 'param', e.params[k]);
    for (const k in e.values) row(flow, subject, e.rule, k, 'value', e.values[k]);
    if (en === before) row(flow, subject, e.rule, '', 'value', null);
  };

  let j = 0;
  for (let i = 0; i < n; i++) {
    const f = flows[i]!;
    const first = f.first;
    const legList = f.extra.legs;
    id.setNumber(i, f.id);
    kind.set(i, f.kind);
    strategy.set(i, f.extra.strategy ?? null);
    underlying.set(i, f.underlying);
    const oneContract = f.contract;
    contract.set(i, oneContract);
    contracts.set(i, legList ? legList.map((l) => l.contract).join(',') : first.contract);
    const sameExpiry = legList === undefined || legList.every((l) => l.expiry === legList[0]!.expiry);
    expiry.set(i, sameExpiry ? first.expiry : null);
    putCall.set(i, oneContract === null ? null : first.right);
    strike.set(i, oneContract === null ? null : first.strike);
    legs.set(i, legList?.length ?? 1);
    let lastNs = first.tsNs;
    let minDte = first.dte;
    let venueList = first.exchange;
    if (f.prints.length > 1) {
      const venueSet = new Set<string>();
      for (const x of f.prints) {
        if (x.tsNs > lastNs) lastNs = x.tsNs;
        if (x.dte < minDte) minDte = x.dte;
        venueSet.add(x.exchange);
      }
      venueList = [...venueSet].sort().join(',');
    }
    firstTs.set(i, first.tsNs);
    lastTs.set(i, lastNs);
    windowEnd.set(i, lastNs + BigInt(Math.round(f.extra.windowMs * 1e6)));
    printCount.set(i, f.prints.length);
    venues.set(i, venueList);
    size.set(i, f.size);
    premium.set(i, round(f.premium, 2));
    avgPrice.set(i, oneContract === null ? null : round(f.premium / (f.size * first.multiplier), 6));
    side.set(i, f.side);
    sentiment.set(i, f.sentiment);
    dte.set(i, minDte);
    spot.set(i, first.spot);
    oi.set(i, oneContract === null ? null : first.oi);
    netDelta.set(i, f.extra.netDelta ?? null);
    members.set(i, f.extra.members ? f.extra.members.map((m) => m.id).join(',') : null);
    tags.set(i, f.tags.join(','));
    const single = f.kind === 'single';
    evidenceJson.set(
      i,
      single && isEmpty(f.tagEvidence) ? null : JSON.stringify({ kind: f.kindEvidence, tags: f.tagEvidence }),
    );

    const legIndex = legList ? new Map(legList.map((l, k) => [l.contract, k])) : null;
    for (let k = 0; k < f.prints.length; k++) {
      const x = f.prints[k]!;
      pFlow.setNumber(j, f.id);
      pRid.setNumber(j, x.rid);
      pSeq.set(j, k);
      pLeg.set(j, legIndex === null ? null : (legIndex.get(x.contract) ?? null));
      j++;
    }
    if (!single) addEvidence(f.id, f.kind, f.kindEvidence);
    for (const t in f.tagEvidence) addEvidence(f.id, t, f.tagEvidence[t]!);
  }
  return {
    flows: batch(
      [
        ['id', id],
        ['kind', kind],
        ['strategy', strategy],
        ['underlying', underlying],
        ['contract', contract],
        ['contracts', contracts],
        ['expiry', expiry],
        ['put_call', putCall],
        ['strike', strike],
        ['legs', legs],
        ['first_ts', firstTs],
        ['last_ts', lastTs],
        ['window_end', windowEnd],
        ['prints', printCount],
        ['venues', venues],
        ['size', size],
        ['premium', premium],
        ['avg_price', avgPrice],
        ['side', side],
        ['sentiment', sentiment],
        ['dte', dte],
        ['spot', spot],
        ['oi', oi],
        ['net_delta', netDelta],
        ['members', members],
        ['tags', tags],
        ['evidence', evidenceJson],
        ['written', writtenColumn(written, n)],
      ],
      n,
    ),
    prints: batch(
      [
        ['flow_id', pFlow],
        ['rid', pRid],
        ['seq', pSeq],
        ['leg', pLeg],
        ['written', writtenColumn(written, pn)],
      ],
      pn,
    ),
    evidence:
      en === 0
        ? null
        : batch(
            [
              ['flow_id', eFlow],
              ['subject', eSubject],
              ['rule', eRule],
              ['name', eName],
              ['role', eRole],
              ['value', eValue],
              ['text', eText],
              ['written', writtenColumn(written, en)],
            ],
            en,
          ),
  };
}
