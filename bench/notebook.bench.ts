/**
 * The notebook in Chromium (SwiftShader WebGL on this machine's CPU):
 *   1. the flow view's render path with 1M points: frame time (worker CPU+GPU, gl.finish), the cost
 *      of appending 10k points, against re-uploading all 1M and against Canvas 2D drawing them;
 *   2. print → tape: from a relay message arriving in the page to its prints painted in the tape of
 *      the live-flow notebook, against the ingest alone (message → rows in DuckDB), same run.
 * Usage: node --import tsx bench/notebook.bench.ts [--points 1000000 --frames 30 --seconds 20]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import { startApp, stopApp } from '../e2e/start-app.ts';
import { SAMPLE_POINTS } from '../app/gl/point-layer.ts';
import { CONTENT_SECURITY_POLICY, RENDER_WORKER_PATH, RENDER_WORKER_POLICY } from '../relay/app.ts';
import { arg } from './bench-args.ts';
import { serveBuilt } from './static-server.ts';

const POINTS = arg('points', 1_000_000);
const FRAMES = arg('frames', 30);
const SECONDS = arg('seconds', 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const f = (n: number) => n.toFixed(1);

async function glBench() {
  const out = join(tmpdir(), `flowbook-gl-bench-${process.pid}`);
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(root, 'bench/gl'),
    worker: { format: 'es' },
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  const server = await serveBuilt(out, (path) =>
    // The same policies the relay sends: strict for the page, eval only in the render worker.
    RENDER_WORKER_PATH.test(path) ? RENDER_WORKER_POLICY : CONTENT_SECURITY_POLICY,
  );
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1500 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'flowbookBench' in window);
    const r = await page.evaluate(
      ([n, frames]) =>
        (
          window as unknown as {
            flowbookBench: (a: number, b: number, c: number) => Promise<Record<string, number | number[]>>;
          }
        ).flowbookBench(n!, frames!, 10_000),
      [POINTS, FRAMES],
    );
    if (errors.length) throw new Error(errors.join('\n'));
    const frame = r.frameMs as number[];
    const wall = r.wallMs as number[];
    const append = r.appendMs as number[];
    const c2d = median(r.canvas2dMs as number[]);
    console.log(
      `flow view, ${POINTS.toLocaleString()} points, 1200×700, SwiftShader (CPU) WebGL, ${FRAMES} panned frames`,
    );
    console.log(`  load ${POINTS.toLocaleString()} points in 100k batches: ${f(r.loadMs as number)} ms`);
    console.log(
      `  frame (render worker, draw until rasterized): median ${f(median(frame))} ms, p95 ${f(p95(frame))} ms; page round trip median ${f(median(wall))} ms`,
    );
    console.log(
      `  frame while panning (${SAMPLE_POINTS.toLocaleString()}-point sample): median ${f(median(r.sampledMs as number[]))} ms, p95 ${f(p95(r.sampledMs as number[]))} ms`,
    );
    console.log(
      `  Canvas 2D peer, same points, page thread: ${f(c2d)} ms per frame (WebGL is ${(c2d / median(frame)).toFixed(1)}× faster)`,
    );
    console.log(
      `  append 10k points at ${POINTS.toLocaleString()}: worker upload median ${f(median(append))} ms (page round trip ${f(median(r.appendWallMs as number[]))} ms); peer, re-uploading all ${POINTS.toLocaleString()}: ${f(r.reuploadMs as number)} ms (${((r.reuploadMs as number) / median(append)).toFixed(0)}× the append)`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

async function tapeBench() {
  const app = await startApp(['--trade-rate', '400']);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`${app.url}&timing=1`);
    await page.waitForSelector('.tape-row', { timeout: 30_000 });
    await page.waitForTimeout(SECONDS * 1000);
    const marks = await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('flowbook:'))
        .map((m) => ({
          name: m.name,
          t: m.startTime,
          d: (m as PerformanceMark).detail as Record<string, number>,
        })),
    );
    const received = new Map<number, number>();
    const tapes = marks.filter((m) => m.name === 'flowbook:tape');
    const toTape: number[] = [];
    const ingest: number[] = [];
    for (const m of marks) {
      if (m.name === 'flowbook:received') received.set(m.d.message!, m.t);
      if (m.name !== 'flowbook:ingested') continue;
      const r = received.get(m.d.message!);
      if (r === undefined) continue;
      ingest.push(m.t - r);
      const shown = tapes.find((t) => t.t >= m.t && t.d.total! >= m.d.total!);
      if (shown) toTape.push(shown.t - r);
    }
    console.log(
      `print → tape, live-flow notebook, simulated market at 400 prints/s, ${SECONDS} s, ${toTape.length} relay messages`,
    );
    console.log(
      `  message received → its prints painted in the tape: median ${f(median(toTape))} ms, p95 ${f(p95(toTape))} ms`,
    );
    console.log(
      `  peer, message received → rows in DuckDB (ingest alone): median ${f(median(ingest))} ms, p95 ${f(p95(ingest))} ms`,
    );
    console.log(`  the tape adds ${f(median(toTape) - median(ingest))} ms (median) to the ingest`);
  } finally {
    await browser.close();
    stopApp(app.proc);
  }
}

await glBench();
await tapeBench();
