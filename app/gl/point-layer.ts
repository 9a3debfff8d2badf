import createREGL from 'regl';

/** Sentiment colours (bullish, bearish, neutral), RGB 0–1, as in the tape. */
const PALETTE = [
  [0.247, 0.714, 0.545],
  [0.898, 0.325, 0.294],
  [0.541, 0.588, 0.651],
] as const;

export interface ViewBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** One batch of points: positions relative to the layer's origin, size in px, colour index. */
export interface PointBatch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly size: Float32Array;
  readonly color: Float32Array;
}

const INITIAL_CAPACITY = 1 << 16;

/** Points drawn while the user pans or zooms: a uniform sample, so a frame stays interactive. */
export const SAMPLE_POINTS = 100_000;

/**
 * Points in WebGL via regl: appended in batches into GPU buffers that grow by doubling (an append
 * uploads only the new points), drawn in one call with the view as a uniform, so pan and zoom never
 * touch the data. A reservoir sample of SAMPLE_POINTS is kept alongside for frames drawn while the
 * view moves: on a CPU-emulated GPU (SwiftShader) a million points take about 0.6 s a frame.
 */
export function createPointLayer(gl: WebGLRenderingContext) {
  const regl = createREGL({ gl });
  let capacity = 0;
  let count = 0;
  let xs = new Float32Array(0);
  let ys = new Float32Array(0);
  let sizes = new Float32Array(0);
  let colors = new Float32Array(0);
  const pos = regl.buffer({ usage: 'dynamic', type: 'float', length: 0 });
  const size = regl.buffer({ usage: 'dynamic', type: 'float', length: 0 });
  const color = regl.buffer({ usage: 'dynamic', type: 'float', length: 0 });
  let view: ViewBox = { x0: 0, x1: 1, y0: 0, y1: 1 };
  let pixelRatio = 1;
  const sample = {
    pos: new Float32Array(SAMPLE_POINTS * 2),
    size: new Float32Array(SAMPLE_POINTS),
    color: new Float32Array(SAMPLE_POINTS),
    count: 0,
    dirty: false,
  };
  const samplePos = regl.buffer({ usage: 'dynamic', type: 'float', length: SAMPLE_POINTS * 8 });
  const sampleSize = regl.buffer({ usage: 'dynamic', type: 'float', length: SAMPLE_POINTS * 4 });
  const sampleColor = regl.buffer({ usage: 'dynamic', type: 'float', length: SAMPLE_POINTS * 4 });
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };

  const command = (p: typeof pos, sz: typeof size, c: typeof color, n: () => number) =>
    regl({
      vert: `
      precision highp float;
      attribute vec2 position;
      attribute float size;
      attribute float color;
      uniform vec4 view;
      uniform float pixelRatio;
      uniform vec3 palette[3];
      varying vec3 vColor;
      void main() {
        vec2 p = (position - view.xy) / (view.zw - view.xy) * 2.0 - 1.0;
        gl_Position = vec4(p, 0.0, 1.0);
        gl_PointSize = size * pixelRatio;
        vColor = color < 0.5 ? palette[0] : color < 1.5 ? palette[1] : palette[2];
      }`,
      frag: `
      precision mediump float;
      varying vec3 vColor;
      void main() {
        vec2 c = gl_PointCoord * 2.0 - 1.0;
        float r = dot(c, c);
        if (r > 1.0) discard;
        gl_FragColor = vec4(vColor, 0.72);
      }`,
      attributes: {
        position: { buffer: p, size: 2 },
        size: { buffer: sz, size: 1 },
        color: { buffer: c, size: 1 },
      },
      uniforms: {
        view: () => [view.x0, view.y0, view.x1, view.y1],
        pixelRatio: () => pixelRatio,
        'palette[0]': PALETTE[0] as unknown as number[],
        'palette[1]': PALETTE[1] as unknown as number[],
        'palette[2]': PALETTE[2] as unknown as number[],
      },
      blend: {
        enable: true,
        func: { srcRGB: 'src alpha', srcAlpha: 1, dstRGB: 'one minus src alpha', dstAlpha: 1 },
      },
      depth: { enable: false },
      primitive: 'points',
      count: n,
    });
  const drawAll = command(pos, size, color, () => count);
  const drawSample = command(samplePos, sampleSize, sampleColor, () => sample.count);

  const grow = (need: number) => {
    if (need <= capacity) return;
    let next = Math.max(INITIAL_CAPACITY, capacity);
    while (next < need) next *= 2;
    const copy = (a: Float32Array, per: number) => {
      const b = new Float32Array(next * per);
      b.set(a.subarray(0, count * per));
      return b;
    };
    xs = copy(xs, 1);
    ys = copy(ys, 1);
    sizes = copy(sizes, 1);
    colors = copy(colors, 1);
    capacity = next;
    const interleaved = new Float32Array(capacity * 2);
    for (let i = 0; i < count; i++) {
      interleaved[2 * i] = xs[i]!;
      interleaved[2 * i + 1] = ys[i]!;
    }
    pos({ usage: 'dynamic', type: 'float', data: interleaved });
    size({ usage: 'dynamic', type: 'float', data: sizes });
    color({ usage: 'dynamic', type: 'float', data: colors });
  };

  return {
    get count() {
      return count;
    },
    get capacity() {
      return capacity;
    },
    append(b: PointBatch) {
      const n = b.x.length;
      if (n === 0) return;
      grow(count + n);
      xs.set(b.x, count);
      ys.set(b.y, count);
      sizes.set(b.size, count);
      colors.set(b.color, count);
      const p = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        p[2 * i] = b.x[i]!;
        p[2 * i + 1] = b.y[i]!;
      }
      pos.subdata(p, count * 8);
      size.subdata(b.size, count * 4);
      color.subdata(b.color, count * 4);
      // Reservoir sampling (Vitter's algorithm R): every point seen so far equally likely in the sample.
      for (let i = 0; i < n; i++) {
        const seen = count + i;
        const slot = seen < SAMPLE_POINTS ? seen : Math.floor(random() * (seen + 1));
        if (slot >= SAMPLE_POINTS) continue;
        sample.pos[2 * slot] = b.x[i]!;
        sample.pos[2 * slot + 1] = b.y[i]!;
        sample.size[slot] = b.size[i]!;
        sample.color[slot] = b.color[i]!;
      }
      sample.count = Math.min(SAMPLE_POINTS, count + n);
      sample.dirty = true;
      count += n;
    },
    clear() {
      count = 0;
      sample.count = 0;
    },
    setView(v: ViewBox) {
      view = v;
    },
    /** Draws every point, or (`sampled`, while the view moves) the sample; returns how many. */
    render(ratio: number, sampled = false): number {
      pixelRatio = ratio;
      regl.poll();
      regl.clear({ color: [0.043, 0.059, 0.082, 1] });
      if (sampled && count > SAMPLE_POINTS) {
        if (sample.dirty) {
          samplePos.subdata(sample.pos);
          sampleSize.subdata(sample.size);
          sampleColor.subdata(sample.color);
          sample.dirty = false;
        }
        drawSample();
        return sample.count;
      }
      drawAll();
      return count;
    },
    /**
     * Waits until the frame is rasterized (for measuring frame time): reading a pixel back blocks on
     * it, where gl.finish() returns at once in Chromium's command-buffer GL.
     */
    finish() {
      regl.read({ x: 0, y: 0, width: 1, height: 1, data: new Uint8Array(4) });
    },
    destroy() {
      regl.destroy();
    },
  };
}

export type PointLayer = ReturnType<typeof createPointLayer>;
