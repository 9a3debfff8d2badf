import { createSignal } from 'solid-js';
import { RECORDING_KEYS, type EngineParamsInput } from '../../engine/index.ts';
import { type EngineClient, startEngine, stopEngine } from '../engine-client.ts';
import { latestOnly } from '../latest-only.ts';
import { FileReaderClient } from './file-reader.ts';

/** Replay speeds offered: multiples of session time, and as fast as the engine ingests. */
export const SPEEDS = [1, 10, 60, 600, 3600, Number.POSITIVE_INFINITY] as const;
/** Rows kept queued in the engine ahead of the clock; the file is read as the queue drains. */
const QUEUE_LOW = 150_000;
/** Rows ingested per step at full speed: one step is one ingest and one refresh of the cells. */
const MAX_STEP_ROWS = 65_536;
const IDLE_MS = 40;

export type ReplayPhase = 'starting' | 'scanning' | 'paused' | 'playing' | 'seeking' | 'ended' | 'error';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nsOf = (ms: number) => BigInt(Math.round(ms * 1e6));

/**
 * A file replayed into its own engine (its own DuckDB): the events are ingested in file order up
 * to a replay clock that plays at a chosen speed, pauses, and seeks; seeking back starts a fresh
 * database and replays up to the new time. The notebook's cells read this engine and re-run as it
 * moves, so every cell follows the replay clock.
 */
export function createReplay(file: Blob, name: string) {
  const [phase, setPhase] = createSignal<ReplayPhase>('starting');
  const [error, setError] = createSignal<string | null>(null);
  const [loaded, setLoaded] = createSignal(0);
  const [range, setRange] = createSignal<{ start: number; end: number; rows: number } | null>(null);
  const [clock, setClock] = createSignal(0);
  const [speed, setSpeed] = createSignal<number>(60);
  const [ingested, setIngested] = createSignal(0);
  const [tick, setTick] = createSignal(0);
  const [problems, setProblems] = createSignal<{ skipped: number; first: string[] }>({
    skipped: 0,
    first: [],
  });
  let engine: EngineClient | null = null;
  const [engineReady, setEngineReady] = createSignal<EngineClient | null>(null);
  let reader: FileReaderClient | null = null;
  let readerDone = false;
  let queued = 0;
  let params: EngineParamsInput | undefined;
  let closed = false;
  let resetting: Promise<void> | null = null;
  const startsOver = latestOnly();
  let playingBeforeSeek = false;

  const fail = (e: unknown) => {
    setError((e as Error).message);
    setPhase('error');
    reader?.close();
  };

  const restart = async () => {
    reader?.close();
    await engine!.reset();
    const r = await FileReaderClient.open(file, name);
    // Closed while the reader opened: close() did not see it.
    if (closed) return r.close();
    reader = r;
    readerDone = false;
    queued = 0;
    setIngested(0);
    setTick((t) => t + 1);
  };

  const scan = async () => {
    setPhase('scanning');
    const r = await FileReaderClient.open(file, name);
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    let rows = 0;
    for (let c = await r.next(); c && !closed; c = await r.next()) {
      start = Math.min(start, Number(c.minTs / 1_000_000n));
      end = Math.max(end, Number(c.maxTs / 1_000_000n));
      rows += c.rows;
      setLoaded(c.bytesRead / file.size);
      setProblems({ skipped: c.skipped, first: [...c.problems] });
    }
    r.close();
    if (closed) return;
    if (rows === 0) throw new Error(`${name}: no events in the file`);
    const p = r.metadata[RECORDING_KEYS.params];
    if (p) {
      try {
        params = JSON.parse(p) as EngineParamsInput;
      } catch {
        throw new Error(`${name}: its recorded parameters are not JSON`);
      }
    }
    setLoaded(1);
    setRange({ start, end, rows });
    setClock(start);
  };

  const pump = async () => {
    let last = performance.now();
    while (!closed) {
      if (resetting) {
        await resetting;
        last = performance.now();
        continue;
      }
      const ph = phase();
      const r = range()!;
      const now = performance.now();
      const fast = ph === 'playing' && !Number.isFinite(speed());
      if (ph === 'playing' && !fast) setClock(Math.min(r.end, clock() + (now - last) * speed()));
      last = now;
      if (ph === 'ended' || ph === 'paused' || ph === 'error') {
        await sleep(IDLE_MS);
        continue;
      }
      if (queued < QUEUE_LOW && !readerDone) {
        const c = await reader!.next();
        if (c) {
          queued = await engine!.replayPush(c.ipc);
          setProblems({ skipped: c.skipped, first: [...c.problems] });
        } else readerDone = true;
        continue;
      }
      const a = await engine!.replayAdvance(fast ? null : nsOf(clock()), MAX_STEP_ROWS);
      queued = a.queued;
      if (a.rows > 0) {
        setIngested((n) => n + a.rows);
        if (fast && a.lastTs !== null) setClock(Math.min(r.end, Number(a.lastTs / 1_000_000n)));
        setTick((t) => t + 1);
      }
      if (readerDone && queued === 0) {
        // The flow worker may still be grouping the last steps: the replay ends with its flows in.
        await engine!.flowsSettled();
        setClock(r.end);
        setPhase('ended');
        continue;
      }
      if (ph === 'seeking' && a.rows < MAX_STEP_ROWS && (queued > 0 || readerDone))
        setPhase(playingBeforeSeek ? 'playing' : 'paused');
      if (a.rows === 0 && (queued > 0 || readerDone)) await sleep(IDLE_MS);
    }
  };

  const ready = (async () => {
    const started = await startEngine('replay');
    // Closed while its engine started (another file opened, or back to live): close() did not see it.
    if (closed) return stopEngine(started);
    engine = started;
    await scan();
    if (closed) return;
    if (params) await engine.setParams(params);
    // A comlink proxy is callable: a signal setter would call it as an updater.
    const ready = engine;
    setEngineReady(() => ready);
    await restart();
    if (closed) return;
    setPhase('paused');
    void pump().catch(fail);
  })().catch(fail);

  return {
    name,
    phase,
    error,
    loaded,
    range,
    clock,
    speed,
    ingested,
    tick,
    problems,
    ready,
    engine: engineReady,
    play() {
      if (phase() === 'ended') this.seek(range()!.start, true);
      else if (phase() === 'paused') setPhase('playing');
    },
    pause() {
      if (phase() === 'playing') setPhase('paused');
    },
    setSpeed,
    /** Moves the replay clock; back in time means a fresh database replayed up to `ms`. */
    seek(ms: number, play = phase() === 'playing') {
      const r = range();
      if (!r || phase() === 'error' || phase() === 'starting' || phase() === 'scanning') return;
      const to = Math.max(r.start, Math.min(r.end, ms));
      playingBeforeSeek = play;
      const back = to < clock() || phase() === 'ended';
      setClock(to);
      setPhase('seeking');
      if (back) {
        // Starting over runs once at a time, and only the latest of those asked for meanwhile runs:
        // two at once each opened a reader, and one was left running.
        const mine: Promise<void> = startsOver
          .run(startsOver.ticket(), restart)
          .catch(fail)
          .finally(() => {
            if (resetting === mine) resetting = null;
          });
        resetting = mine;
      }
    },
    close() {
      closed = true;
      reader?.close();
      if (engine) stopEngine(engine);
    },
  };
}
export type ReplayController = ReturnType<typeof createReplay>;
