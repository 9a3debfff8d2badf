import type { ChartKind } from '../notebook/spec.ts';
import { renderBars } from './bars-chart.ts';
import type { ChartData } from './chart-data.ts';
import { renderCumulative } from './cumulative-chart.ts';
import { renderGex } from './gex-chart.ts';
import { renderNetFlow } from './net-flow-chart.ts';

type Renderer = (svg: SVGSVGElement, d: ChartData, width: number, height: number) => void;

const RENDERERS: Readonly<Record<ChartKind, Renderer>> = {
  tide: renderCumulative,
  zero_dte: renderCumulative,
  net_flow: renderNetFlow,
  gex: renderGex,
  bars: renderBars,
};

export const renderChart = (
  kind: ChartKind,
  svg: SVGSVGElement,
  d: ChartData,
  width: number,
  height: number,
) => RENDERERS[kind](svg, d, width, height);
