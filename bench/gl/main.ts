import type { PointBatch } from '../../app/gl/point-layer.ts';
import { createPointRenderer } from '../../app/gl/point-renderer.ts';
import type { RenderReply } from '../../app/gl/render-messages.ts';

// The flow view's real render path (render worker, OffscreenCanvas, regl) on synthetic prints, and a
// Canvas 2D peer drawing the same points on the page, measured in the same run.
const W = 1200;
const H = 700;

function synthetic(n: number, seed: number): PointBatch {
  let s = seed >>> 0;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const b = {
    x: new Float32Array(n),
    y: new Float32Array(n),
    size: new Float32Array(n),
    color: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    b.x[i] = rnd() * 23_400; // seconds of a session
    b.y[i] = (rnd() + rnd() + rnd() - 1.5) * 60; // strike offset from spot
    b.size[i] = 2 + 2.3 * Math.log10(1 + (rnd() * 2e5) / 5000);
    b.color[i] = Math.floor(rnd() * 3);
  }
  return b;
}

async function run(points: number, frames: number, appendSize: number) {
  const replies: ((r: RenderReply) => void)[] = [];
  const r = createPointRenderer(document.getElementById('gl') as HTMLCanvasElement, (m) => {
    if (m.type === 'error') throw new Error(m.message);
    replies.shift()?.(m);
  });
  const next = () => new Promise<RenderReply>((res) => replies.push(res));
  const view = (k: number) => ({ x0: k * 10, x1: 23_400 + k * 10, y0: -90, y1: 90 });
  const load0 = performance.now();
  for (let done = 0; done < points; done += 100_000) {
    const p = next();
    r.append(synthetic(Math.min(100_000, points - done), done + 1));
    await p;
  }
  const loadMs = performance.now() - load0;
  const frameMs: number[] = [];
  const wallMs: number[] = [];
  for (let k = 0; k < frames; k++) {
    const t0 = performance.now();
    const p = next();
    r.draw(view(k), W, 700, 1);
    const m = await p;
    wallMs.push(performance.now() - t0);
    if (m.type === 'drawn') frameMs.push(m.ms);
  }
  // Appending: the worker's upload time (buffer subdata of the new points only), then the redraw.
  // Frames while panning draw the sample (SAMPLE_POINTS); the full set follows when the view settles.
  const sampledMs: number[] = [];
  for (let k = 0; k < frames; k++) {
    const p = next();
    r.draw(view(k), W, 700, 1, true);
    const m = await p;
    if (m.type === 'drawn') sampledMs.push(m.ms);
  }
  const appendMs: number[] = [];
  const appendWallMs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const p = next();
    r.append(synthetic(appendSize, 7 + k));
    const m = await p;
    appendWallMs.push(performance.now() - t0);
    if (m.type === 'appended') appendMs.push(m.ms);
  }
  // Peer for the append: uploading all the points again, as a view without incremental buffers would.
  const p3 = next();
  r.clear();
  r.append(synthetic(points, 99));
  const full = await p3;
  const reuploadMs = full.type === 'appended' ? full.ms : NaN;
  r.destroy();

  const ctx = (document.getElementById('c2d') as HTMLCanvasElement).getContext('2d')!;
  const b = synthetic(points, 1);
  const colors = ['#3fb68b', '#e5534b', '#8a96a6'];
  const c2d: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    ctx.fillStyle = '#0b0f15';
    ctx.fillRect(0, 0, W, H);
    for (let c = 0; c < 3; c++) {
      ctx.fillStyle = colors[c]!;
      ctx.beginPath();
      for (let i = 0; i < points; i++) {
        if (b.color[i] !== c) continue;
        const x = ((b.x[i]! - k * 10) / 23_400) * W;
        const y = H - ((b.y[i]! + 90) / 180) * H;
        ctx.rect(x, y, 2, 2);
      }
      ctx.fill();
    }
    ctx.getImageData(0, 0, 1, 1);
    c2d.push(performance.now() - t0);
  }
  return { loadMs, frameMs, wallMs, sampledMs, appendMs, appendWallMs, reuploadMs, canvas2dMs: c2d };
}

(window as unknown as { flowbookBench: typeof run }).flowbookBench = run;
