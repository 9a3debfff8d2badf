export type { RefreshReport } from './analytics/analytics.ts';
export {
  ANALYTICS_PARAM_NAMES,
  ANALYTICS_PARAM_SPECS,
  type AnalyticsParams,
  DEFAULT_ANALYTICS_PARAMS,
  isAnalyticsParam,
  parseAnalyticsParam,
  resolveAnalyticsParams,
} from './analytics/params.ts';
export type { ParamSpec } from './params/param-spec.ts';
export { contractFromTheta, type OsiContract, parseOsi, toOsi21 } from './contract/osi.ts';
export type { BlockingBindings, Connector } from './db/connector.ts';
export { connectorFromBindings, SqlError } from './db/connector.ts';
export {
  DEFAULT_DIVIDEND_YIELDS,
  DEFAULT_ENRICH_PARAMS,
  type EnrichParams,
  resolveEnrichParams,
} from './enrich/params.ts';
export type { Engine, EngineParams, EngineParamsInput, EngineStats, IngestReport } from './engine.ts';
export type { IngestTimes } from './phase-clock.ts';
export { ArrowInputError, createEngine } from './engine.ts';
export {
  bitsToFlags,
  CONDITION_FLAGS,
  type ConditionFlag,
  flagsToBits,
  opraTradeTypeFlags,
} from './events/conditions.ts';
export { batchesToIpc, EventEncoder, encodeEvents } from './events/event-encoder.ts';
export type { EventType, FeedEvent, FeedState } from './events/event-types.ts';
export { EVENT_TYPES } from './events/event-types.ts';
export { EventView, SchemaError } from './events/event-view.ts';
export { NdjsonError, parseNdjson, toNdjsonLine } from './events/ndjson.ts';
export { EQUITY_VENUES, OPTION_VENUES } from './events/venues.ts';
export { SIDES, type Side } from './enrich/side.ts';
export { FLOW_KINDS, type FlowKind } from './flow/flow-node.ts';
export {
  DEFAULT_FLOW_PARAMS,
  FLOW_PARAM_NAMES,
  FLOW_PARAM_SPECS,
  type FlowParams,
  isFlowParam,
  parseFlowParam,
  resolveFlowParams,
} from './flow/params.ts';
export { STRATEGIES, type Strategy } from './flow/strategy.ts';
export { wireSchema } from './events/wire-schema.ts';
export type { Clock, FeedSource } from './feed/feed-source.ts';
export { systemClock } from './feed/feed-source.ts';
export { defaultSessionStart, SimMarket, type SimOptions } from './sim/market.ts';
export {
  bsmGreeks,
  bsmImpliedVol,
  bsmPrice,
  emptyGreeks,
  type Greeks,
  type IvFailure,
} from './pricing/bsm.ts';
export { formatNyTime, isoToDayNumber, nyDateOf, nyTimeToEpochMs } from './time/ny-time.ts';
export type { EpochNs, IsoDate } from './time/units.ts';
export { type ByteSource, blobSource, bytesSource } from './session/byte-source.ts';
export {
  type EventChunk,
  EventFileError,
  type EventFileReader,
  type EventFormat,
  openEventFile,
  sniffFormat,
} from './session/event-file.ts';
export { csvParts, EXPORT_EXTENSIONS, type ExportFormat, toParquet } from './session/export-table.ts';
export { concatBytes, IPC_EOS } from './session/ipc-messages.ts';
export {
  RECORDING_KEYS,
  type RecordingsListing,
  RecordingWriter,
  type RelayRecording,
} from './session/recording.ts';
export { type AdvanceReport, ReplayQueue } from './session/replay-queue.ts';
