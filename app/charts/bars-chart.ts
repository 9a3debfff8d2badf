import * as d3 from 'd3';
import type { ChartData } from './chart-data.ts';
import { axis, COLORS, finite, frame, legend, styleAxis, timeAxis } from './chart-frame.ts';

/** OHLC candles with Bollinger bands, and RSI in a lower panel when the query returns it. */
export function renderBars(svg: SVGSVGElement, d: ChartData, width: number, height: number) {
  const { g, w, h } = frame(svg, width, height);
  const t = d.num('bucket');
  const [o, hi, lo, c] = ['open', 'high', 'low', 'close'].map((k) => d.num(k)) as [
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
  ];
  const withRsi = d.has('rsi');
  const priceH = withRsi ? h * 0.72 : h;
  const bands = ['bb_upper', 'bb_middle', 'bb_lower'].filter((k) => d.has(k));
  const times = finite(t);
  const step = times.length > 1 ? (d3.max(times)! - d3.min(times)!) / (times.length - 1) : 60_000;
  const x = d3
    .scaleLinear()
    .domain([d3.min(times)! - step / 2, d3.max(times)! + step / 2])
    .range([0, w]);
  const y = d3
    .scaleLinear()
    .domain(
      d3.extent([...finite(lo), ...finite(hi), ...bands.flatMap((b) => finite(d.num(b)))]) as [
        number,
        number,
      ],
    )
    .nice()
    .range([priceH, 0]);
  timeAxis(g, x, h);
  axis(g, 'left', y, 0, 5);
  const bw = Math.max(1, (x(step) - x(0)) * 0.7);
  const idx = d3.range(d.n).filter((i) => [t, o, hi, lo, c].every((s) => s[i] !== null));
  const candles = g.append('g').attr('class', 'series-candles').selectAll('g').data(idx).join('g');
  const color = (i: number) => (c[i]! >= o[i]! ? COLORS.bull : COLORS.bear);
  candles
    .append('line')
    .attr('x1', (i) => x(t[i]!))
    .attr('x2', (i) => x(t[i]!))
    .attr('y1', (i) => y(hi[i]!))
    .attr('y2', (i) => y(lo[i]!))
    .attr('stroke', color);
  candles
    .append('rect')
    .attr('x', (i) => x(t[i]!) - bw / 2)
    .attr('width', bw)
    .attr('y', (i) => y(Math.max(o[i]!, c[i]!)))
    .attr('height', (i) => Math.max(1, Math.abs(y(o[i]!) - y(c[i]!))))
    .attr('fill', color);
  for (const b of bands) {
    const v = d.num(b);
    g.append('path')
      .attr('class', `series-${b}`)
      .attr('fill', 'none')
      .attr('stroke', COLORS.accent)
      .attr('stroke-opacity', b === 'bb_middle' ? 0.9 : 0.5)
      .attr(
        'd',
        d3
          .line<number>()
          .defined((i) => t[i] !== null && v[i] !== null)
          .x((i) => x(t[i]!))
          .y((i) => y(v[i]!))(d3.range(d.n)),
      );
  }
  const items: [string, string][] = [['OHLC', COLORS.bull]];
  if (bands.length > 0) items.push(['Bollinger', COLORS.accent]);
  if (withRsi) {
    const rsi = d.num('rsi');
    const top = priceH + 10;
    const yr = d3.scaleLinear().domain([0, 100]).range([h, top]);
    styleAxis(g.append('g').call(d3.axisLeft(yr).tickValues([30, 70])));
    for (const lvl of [30, 70])
      g.append('line')
        .attr('x1', 0)
        .attr('x2', w)
        .attr('y1', yr(lvl))
        .attr('y2', yr(lvl))
        .attr('stroke', COLORS.grid);
    g.append('path')
      .attr('class', 'series-rsi')
      .attr('fill', 'none')
      .attr('stroke', COLORS.gold)
      .attr(
        'd',
        d3
          .line<number>()
          .defined((i) => t[i] !== null && rsi[i] !== null)
          .x((i) => x(t[i]!))
          .y((i) => yr(rsi[i]!))(d3.range(d.n)),
      );
    items.push(['RSI', COLORS.gold]);
  }
  legend(g, items);
}
