import type { PointBatch, ViewBox } from './point-layer.ts';

/**
 * The page's copy of the points (positions and row ids), for fitting the view and hover lookup; the
 * render worker holds the GPU copy.
 */
export function createPointStore() {
  let n = 0;
  let xs = new Float32Array(1024);
  let ys = new Float32Array(1024);
  let ids = new Float64Array(1024);
  let ext: ViewBox | null = null;
  return {
    get count() {
      return n;
    },
    append(b: PointBatch, rowIds: ArrayLike<number>) {
      const m = b.x.length;
      if (n + m > xs.length) {
        let cap = xs.length;
        while (cap < n + m) cap *= 2;
        const grow = <T extends Float32Array | Float64Array>(a: T, make: (k: number) => T) => {
          const out = make(cap);
          out.set(a.subarray(0, n));
          return out;
        };
        xs = grow(xs, (k) => new Float32Array(k));
        ys = grow(ys, (k) => new Float32Array(k));
        ids = grow(ids, (k) => new Float64Array(k));
      }
      xs.set(b.x, n);
      ys.set(b.y, n);
      ids.set(rowIds, n);
      const e = ext ?? { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
      for (let i = 0; i < m; i++) {
        const x = b.x[i]!;
        const y = b.y[i]!;
        if (x < e.x0) e.x0 = x;
        if (x > e.x1) e.x1 = x;
        if (y < e.y0) e.y0 = y;
        if (y > e.y1) e.y1 = y;
      }
      ext = e;
      n += m;
    },
    clear() {
      n = 0;
      ext = null;
    },
    extent: (): ViewBox | null => (ext ? { ...ext } : null),
    id: (i: number) => ids[i]!,
    /** The nearest point within `radiusPx` of a pixel of a `width` × `height` plot, or -1. */
    nearest(view: ViewBox, px: number, py: number, width: number, height: number, radiusPx: number): number {
      const sx = width / (view.x1 - view.x0);
      const sy = height / (view.y1 - view.y0);
      let best = -1;
      let bestD = radiusPx * radiusPx;
      for (let i = 0; i < n; i++) {
        const dx = (xs[i]! - view.x0) * sx - px;
        if (dx > radiusPx || dx < -radiusPx) continue;
        const dy = height - (ys[i]! - view.y0) * sy - py;
        const d = dx * dx + dy * dy;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
      return best;
    },
  };
}
