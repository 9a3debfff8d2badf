import * as d3 from 'd3';
import type { ChartData } from './chart-data.ts';
import { axis, COLORS, finite, fmtUsd, frame, legend, linearScale } from './chart-frame.ts';

/** GEX (and DEX, if returned) by strike, with spot, the call and put walls and zero gamma marked. */
export function renderGex(svg: SVGSVGElement, d: ChartData, width: number, height: number) {
  const { g, w, h } = frame(svg, width, height);
  const strike = d.num('strike');
  const gex = d.num('gex');
  const strikes = finite(strike);
  const marks: [string, string, string][] = [
    ['spot', COLORS.text, 'spot'],
    ['call_wall', COLORS.bull, 'call wall'],
    ['put_wall', COLORS.bear, 'put wall'],
    ['zero_gamma', COLORS.gold, 'zero gamma'],
  ];
  const markAt = (col: string) => (d.has(col) ? (finite(d.num(col))[0] ?? null) : null);
  const marked = marks.map(([c]) => markAt(c)).filter((v): v is number => v !== null);
  const x = d3
    .scaleLinear()
    .domain(d3.extent([...strikes, ...marked]) as [number, number])
    .nice()
    .range([0, w]);
  const y = d3
    .scaleLinear()
    .domain(d3.extent([...finite(gex), 0]) as [number, number])
    .nice()
    .range([h, 0]);
  const step =
    strikes.length > 1
      ? (d3.min(d3.pairs([...strikes].sort((a, b) => a - b)), ([a, b]) => b - a || Infinity) ?? 1)
      : 1;
  const bw = Math.max(1, Math.min(24, Math.abs(x(step) - x(0)) * 0.8));
  axis(g, 'bottom', x, h, 8);
  axis(g, 'left', y, 0, 5, fmtUsd);
  g.append('g')
    .attr('class', 'series-gex')
    .selectAll('rect')
    .data(d3.range(d.n).filter((i) => strike[i] !== null && gex[i] !== null))
    .join('rect')
    .attr('x', (i) => x(strike[i]!) - bw / 2)
    .attr('width', bw)
    .attr('y', (i) => y(Math.max(0, gex[i]!)))
    .attr('height', (i) => Math.abs(y(gex[i]!) - y(0)))
    .attr('fill', (i) => (gex[i]! >= 0 ? COLORS.accent : COLORS.bear))
    .append('title')
    .text((i) => `${strike[i]} GEX ${fmtUsd(gex[i]!)} per 1% move`);
  if (d.has('dex')) {
    const dex = d.num('dex');
    const yd = linearScale([...finite(dex), 0], [h, 0]);
    axis(g, 'right', yd, w, 5, fmtUsd);
    g.append('path')
      .attr('class', 'series-dex')
      .attr('fill', 'none')
      .attr('stroke', COLORS.muted)
      .attr(
        'd',
        d3
          .line<number>()
          .defined((i) => strike[i] !== null && dex[i] !== null)
          .x((i) => x(strike[i]!))
          .y((i) => yd(dex[i]!))(d3.range(d.n)),
      );
  }
  g.append('line').attr('x1', 0).attr('x2', w).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', COLORS.muted);
  const items: [string, string][] = [['GEX', COLORS.accent]];
  let row = 0;
  for (const [col, color, label] of marks) {
    const v = markAt(col);
    if (v === null) continue;
    row += 1;
    g.append('line')
      .attr('class', `mark-${col}`)
      .attr('x1', x(v))
      .attr('x2', x(v))
      .attr('y1', 0)
      .attr('y2', h)
      .attr('stroke', color)
      .attr('stroke-dasharray', col === 'spot' ? null : '4,3');
    g.append('text')
      .attr('x', x(v) + 3)
      .attr('y', 12 * row - 2)
      .attr('fill', color)
      .attr('font-size', 10)
      .text(`${label} ${d3.format('.2f')(v)}`);
    items.push([label, color]);
  }
  legend(g, items);
}
