import type { PointBatch, ViewBox } from './point-layer.ts';
import type { RenderReply, RenderRequest } from './render-messages.ts';

/**
 * The page's handle on a flow view's render worker: the canvas is handed over as an OffscreenCanvas,
 * batches are transferred, draws coalesce (at most one in flight, the latest view wins).
 */
export function createPointRenderer(canvas: HTMLCanvasElement, onReply: (r: RenderReply) => void) {
  const worker = new Worker(new URL('./point-render-worker.ts', import.meta.url), {
    type: 'module',
    name: 'point-render',
  });
  const offscreen = canvas.transferControlToOffscreen();
  const post = (m: RenderRequest, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  post({ type: 'init', canvas: offscreen }, [offscreen]);
  let seq = 0;
  let inFlight = 0;
  let queued: Extract<RenderRequest, { type: 'draw' }> | null = null;
  worker.onmessage = (e: MessageEvent<RenderReply>) => {
    if (e.data.type === 'drawn' && e.data.seq === inFlight) {
      inFlight = 0;
      if (queued) {
        const q = queued;
        queued = null;
        inFlight = q.seq;
        post(q);
      }
    }
    onReply(e.data);
  };
  worker.onerror = (e) =>
    onReply({ type: 'error', message: e.message || 'the render worker failed to start' });
  return {
    append(b: PointBatch) {
      const copy = { x: b.x.slice(), y: b.y.slice(), size: b.size.slice(), color: b.color.slice() };
      post({ type: 'append', batch: copy }, [
        copy.x.buffer,
        copy.y.buffer,
        copy.size.buffer,
        copy.color.buffer,
      ]);
    },
    clear: () => post({ type: 'clear' }),
    draw(view: ViewBox, width: number, height: number, ratio: number, sampled = false) {
      const m = { type: 'draw' as const, view, width, height, ratio, sampled, seq: ++seq };
      if (inFlight) queued = m;
      else {
        inFlight = m.seq;
        post(m);
      }
    },
    destroy: () => worker.terminate(),
  };
}
