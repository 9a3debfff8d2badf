/** The 18 US options exchanges (OPRA participants) by MIC, with their OPRA letters. */
export const OPTION_VENUES = [
  { mic: 'AMXO', opra: 'A', name: 'NYSE American Options' },
  { mic: 'XBOX', opra: 'B', name: 'BOX Options Exchange' },
  { mic: 'XCBO', opra: 'C', name: 'Cboe Options' },
  { mic: 'EMLD', opra: 'D', name: 'MIAX Emerald' },
  { mic: 'EDGO', opra: 'E', name: 'Cboe EDGX Options' },
  { mic: 'GMNI', opra: 'H', name: 'Nasdaq GEMX' },
  { mic: 'XISX', opra: 'I', name: 'Nasdaq ISE' },
  { mic: 'MCRY', opra: 'J', name: 'Nasdaq MRX' },
  { mic: 'XMIO', opra: 'M', name: 'MIAX Options' },
  { mic: 'ARCO', opra: 'N', name: 'NYSE Arca Options' },
  { mic: 'MPRL', opra: 'P', name: 'MIAX Pearl Options' },
  { mic: 'XNDQ', opra: 'Q', name: 'Nasdaq Options Market' },
  { mic: 'SPHR', opra: 'S', name: 'MIAX Sapphire' },
  { mic: 'XBXO', opra: 'T', name: 'Nasdaq BX Options' },
  { mic: 'MXOP', opra: 'U', name: 'MEMX Options' },
  { mic: 'C2OX', opra: 'W', name: 'Cboe C2' },
  { mic: 'XPHL', opra: 'X', name: 'Nasdaq PHLX' },
  { mic: 'BATO', opra: 'Z', name: 'Cboe BZX Options' },
] as const;

export type OptionVenueMic = (typeof OPTION_VENUES)[number]['mic'];

/** US equity venues used by the simulator; the FINRA trade reporting facilities mark off-exchange prints. */
export const EQUITY_VENUES = [
  { mic: 'XNYS', name: 'NYSE', offExchange: false },
  { mic: 'XNAS', name: 'Nasdaq', offExchange: false },
  { mic: 'ARCX', name: 'NYSE Arca', offExchange: false },
  { mic: 'BATS', name: 'Cboe BZX', offExchange: false },
  { mic: 'EDGX', name: 'Cboe EDGX', offExchange: false },
  { mic: 'IEXG', name: 'IEX', offExchange: false },
  { mic: 'MEMX', name: 'MEMX', offExchange: false },
  { mic: 'FINN', name: 'FINRA/Nasdaq TRF Carteret', offExchange: true },
  { mic: 'FINC', name: 'FINRA/Nasdaq TRF Chicago', offExchange: true },
  { mic: 'FINY', name: 'FINRA/NYSE TRF', offExchange: true },
  { mic: 'XADF', name: 'FINRA ADF', offExchange: true },
] as const;
