/** One simulated underlying. Levels and volatilities are plausible for late 2026, not forecasts. */
export interface SimUnderlying {
  readonly symbol: string;
  readonly spot: number;
  /** At-the-money implied volatility in calm markets. */
  readonly atmVol: number;
  /** Beta to the market factor that drives all underlyings. */
  readonly beta: number;
  /** Share of option prints. */
  readonly optionWeight: number;
  /** Share of equity prints (0 for an index). */
  readonly equityWeight: number;
  readonly dividendYield: number;
  /** Strike step near the money, and the kind of listing calendar. */
  readonly strikeStep: number;
  readonly dailies: boolean;
  readonly isIndex: boolean;
  /** Scale of open interest per contract at the money. */
  readonly oiScale: number;
}

export const SIM_UNIVERSE: readonly SimUnderlying[] = [
  {
    symbol: 'SPX',
    spot: 6800,
    atmVol: 0.14,
    beta: 1,
    optionWeight: 24,
    equityWeight: 0,
    dividendYield: 0.013,
    strikeStep: 5,
    dailies: true,
    isIndex: true,
    oiScale: 6000,
  },
  {
    symbol: 'SPY',
    spot: 680,
    atmVol: 0.14,
    beta: 1,
    optionWeight: 22,
    equityWeight: 20,
    dividendYield: 0.012,
    strikeStep: 1,
    dailies: true,
    isIndex: false,
    oiScale: 20000,
  },
  {
    symbol: 'QQQ',
    spot: 610,
    atmVol: 0.18,
    beta: 1.15,
    optionWeight: 10,
    equityWeight: 12,
    dividendYield: 0.006,
    strikeStep: 1,
    dailies: true,
    isIndex: false,
    oiScale: 12000,
  },
  {
    symbol: 'IWM',
    spot: 245,
    atmVol: 0.21,
    beta: 1.1,
    optionWeight: 4,
    equityWeight: 6,
    dividendYield: 0.011,
    strikeStep: 1,
    dailies: true,
    isIndex: false,
    oiScale: 9000,
  },
  {
    symbol: 'AAPL',
    spot: 270,
    atmVol: 0.25,
    beta: 1.05,
    optionWeight: 5,
    equityWeight: 9,
    dividendYield: 0.004,
    strikeStep: 2.5,
    dailies: false,
    isIndex: false,
    oiScale: 8000,
  },
  {
    symbol: 'MSFT',
    spot: 510,
    atmVol: 0.24,
    beta: 0.95,
    optionWeight: 3,
    equityWeight: 6,
    dividendYield: 0.007,
    strikeStep: 5,
    dailies: false,
    isIndex: false,
    oiScale: 4000,
  },
  {
    symbol: 'GOOGL',
    spot: 290,
    atmVol: 0.3,
    beta: 1.1,
    optionWeight: 3,
    equityWeight: 6,
    dividendYield: 0.003,
    strikeStep: 2.5,
    dailies: false,
    isIndex: false,
    oiScale: 4000,
  },
  {
    symbol: 'AMZN',
    spot: 235,
    atmVol: 0.32,
    beta: 1.2,
    optionWeight: 4,
    equityWeight: 7,
    dividendYield: 0,
    strikeStep: 2.5,
    dailies: false,
    isIndex: false,
    oiScale: 6000,
  },
  {
    symbol: 'NVDA',
    spot: 190,
    atmVol: 0.45,
    beta: 1.6,
    optionWeight: 9,
    equityWeight: 14,
    dividendYield: 0.0002,
    strikeStep: 2.5,
    dailies: false,
    isIndex: false,
    oiScale: 15000,
  },
  {
    symbol: 'META',
    spot: 640,
    atmVol: 0.35,
    beta: 1.25,
    optionWeight: 4,
    equityWeight: 5,
    dividendYield: 0.003,
    strikeStep: 5,
    dailies: false,
    isIndex: false,
    oiScale: 3000,
  },
  {
    symbol: 'TSLA',
    spot: 430,
    atmVol: 0.6,
    beta: 1.8,
    optionWeight: 12,
    equityWeight: 10,
    dividendYield: 0,
    strikeStep: 5,
    dailies: false,
    isIndex: false,
    oiScale: 12000,
  },
];
