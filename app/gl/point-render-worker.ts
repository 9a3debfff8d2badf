/// <reference lib="webworker" />
import { createPointLayer, type PointLayer } from './point-layer.ts';
import type { RenderReply, RenderRequest } from './render-messages.ts';

// regl generates its draw code with `new Function`; the relay serves this worker (only) with a policy
// that allows it and forbids any fetch (relay/app.ts RENDER_WORKER_POLICY).
declare const self: DedicatedWorkerGlobalScope;
let layer: PointLayer | null = null;
let canvas: OffscreenCanvas | null = null;
const reply = (m: RenderReply) => self.postMessage(m);

self.onmessage = (e: MessageEvent<RenderRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'init') {
      canvas = m.canvas;
      const gl = canvas.getContext('webgl', { antialias: false, alpha: false, preserveDrawingBuffer: true });
      if (!gl) throw new Error('this browser gave no WebGL context');
      layer = createPointLayer(gl as unknown as WebGLRenderingContext);
      return;
    }
    if (!layer || !canvas) throw new Error('render worker used before init');
    if (m.type === 'append') {
      const t0 = performance.now();
      layer.append(m.batch);
      reply({ type: 'appended', ms: performance.now() - t0, points: layer.count });
    } else if (m.type === 'clear') layer.clear();
    else {
      const w = Math.max(1, Math.round(m.width * m.ratio));
      const h = Math.max(1, Math.round(m.height * m.ratio));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      const t0 = performance.now();
      layer.setView(m.view);
      const drawn = layer.render(m.ratio, m.sampled);
      layer.finish();
      reply({ type: 'drawn', seq: m.seq, ms: performance.now() - t0, points: layer.count, drawn });
    }
  } catch (err) {
    reply({ type: 'error', message: (err as Error).message });
  }
};
