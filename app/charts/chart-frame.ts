import * as d3 from 'd3';
import { formatNyTime } from '../../engine/index.ts';

export const MARGIN = { top: 18, right: 56, bottom: 24, left: 64 } as const;

export const COLORS = {
  bull: '#3fb68b',
  bear: '#e5534b',
  gold: '#d4a72c',
  accent: '#4c9aff',
  muted: '#6b7b8f',
  text: '#c9d4e0',
  grid: '#1f2a37',
} as const;

/** $1.2M, -$340K: signed dollars in SI units. */
export const fmtUsd = (v: number): string => {
  const s = d3.format('.3~s')(Math.abs(v)).replace('G', 'B');
  return `${v < 0 ? '-' : ''}$${s}`;
};

/** New York wall clock of an epoch-ms time: HH:MM, or HH:MM:SS on an axis spanning under 10 minutes. */
export const fmtNyClock = (ms: number, spanMs = Infinity): string =>
  formatNyTime(ms).slice(0, spanMs < 600_000 ? 8 : 5);

/** Clears the SVG and returns its plot group and inner size. */
export function frame(svg: SVGSVGElement, width: number, height: number) {
  const root = d3
    .select(svg)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();
  const w = Math.max(10, width - MARGIN.left - MARGIN.right);
  const h = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const g = root.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  return { root, g, w, h };
}

export function styleAxis(sel: d3.Selection<SVGGElement, unknown, null, undefined>) {
  sel.selectAll('text').attr('fill', COLORS.muted).attr('font-size', 10);
  sel.selectAll('line,path').attr('stroke', COLORS.grid);
  return sel;
}

export function legend(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  items: readonly (readonly [string, string])[],
) {
  let x = 0;
  for (const [label, color] of items) {
    g.append('rect').attr('x', x).attr('y', -14).attr('width', 10).attr('height', 3).attr('fill', color);
    g.append('text')
      .attr('x', x + 14)
      .attr('y', -10)
      .attr('fill', COLORS.text)
      .attr('font-size', 10)
      .text(label);
    x += 24 + label.length * 6;
  }
}

export const finite = (xs: readonly (number | null)[]): number[] =>
  xs.filter((x): x is number => x !== null && Number.isFinite(x));

type Group = d3.Selection<SVGGElement, unknown, null, undefined>;

/** A linear scale over the extent of `values`, rounded to nice ticks. */
export const linearScale = (values: readonly number[], range: [number, number]) =>
  d3
    .scaleLinear()
    .domain(d3.extent(values) as [number, number])
    .nice()
    .range(range);

/** An axis on one side of the plot (at `offset` px), styled, with `ticks` ticks and a tick format. */
export function axis(
  g: Group,
  side: 'bottom' | 'left' | 'right',
  scale: d3.AxisScale<d3.NumberValue>,
  offset: number,
  ticks: number,
  format?: (v: number) => string,
) {
  const a =
    side === 'bottom' ? d3.axisBottom(scale) : side === 'left' ? d3.axisLeft(scale) : d3.axisRight(scale);
  a.ticks(ticks);
  if (format) a.tickFormat((v) => format(Number(v)));
  const at = side === 'bottom' ? `translate(0,${offset})` : `translate(${offset},0)`;
  return styleAxis(g.append('g').attr('transform', at).call(a));
}

/** The time axis along the bottom, in New York wall-clock time. */
export const timeAxis = (g: Group, x: d3.ScaleLinear<number, number>, h: number) =>
  axis(g, 'bottom', x, h, 6, (v) => fmtNyClock(v, x.domain()[1]! - x.domain()[0]!));
