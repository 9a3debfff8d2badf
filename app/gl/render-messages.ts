import type { PointBatch, ViewBox } from './point-layer.ts';

/** Page → render worker. */
export type RenderRequest =
  | { readonly type: 'init'; readonly canvas: OffscreenCanvas }
  | { readonly type: 'append'; readonly batch: PointBatch }
  | { readonly type: 'clear' }
  | {
      readonly type: 'draw';
      readonly view: ViewBox;
      readonly width: number;
      readonly height: number;
      readonly ratio: number;
      readonly seq: number;
      /** Draw the sample only (the view is moving). */
      readonly sampled: boolean;
    };

/** Render worker → page. `ms` is the frame's draw time until rasterized. */
export type RenderReply =
  | {
      readonly type: 'drawn';
      readonly seq: number;
      readonly ms: number;
      readonly points: number;
      readonly drawn: number;
    }
  | { readonly type: 'appended'; readonly ms: number; readonly points: number }
  | { readonly type: 'error'; readonly message: string };
