import { batchesToIpc, EventEncoder } from '../events/event-encoder.ts';
import {
  concatBytes,
  IPC_DICTIONARY,
  IPC_RECORD_BATCH,
  IPC_SCHEMA,
  IpcFramingError,
  splitIpcMessages,
} from './ipc-messages.ts';

/** Schema metadata keys of a recording (docs/sessions.md). */
export const RECORDING_KEYS = {
  recording: 'flowbook.recording',
  started: 'flowbook.recording.started',
  source: 'flowbook.recording.source',
  params: 'flowbook.recording.params',
} as const;

/** A recording in the relay's `--record` folder, as the relay's `GET /api/recordings` lists it. */
export interface RelayRecording {
  readonly name: string;
  readonly bytes: number;
  /** Last write, ISO-8601. */
  readonly modified: string;
  /** The file the relay is writing now. */
  readonly recording: boolean;
}

/** The answer of `GET /api/recordings`. */
export interface RecordingsListing {
  /** The `--record` folder, or null when the relay does not record. */
  readonly dir: string | null;
  readonly recordings: readonly RelayRecording[];
}

/**
 * Writes a session as one Arrow IPC stream: the wire schema once (with the recording's metadata),
 * then the dictionary and record-batch messages of every relay message, as received. Each append
 * ends on a message boundary, so a file cut anywhere after an append is a readable stream up to
 * there; `IPC_EOS` closes it. Dictionaries are re-sent with every batch (replacement), which the
 * stream format allows and every Arrow reader follows.
 */
export class RecordingWriter {
  readonly header: Uint8Array;
  rows = 0;

  constructor(metadata: ReadonlyMap<string, string>) {
    const md = new Map(metadata);
    md.set(RECORDING_KEYS.recording, '1');
    const empty = batchesToIpc([new EventEncoder().finish(md)]);
    const first = splitIpcMessages(empty).messages[0];
    if (first?.headerType !== IPC_SCHEMA) throw new Error('the wire schema did not encode');
    this.header = empty.slice(first.start, first.end);
  }

  /** The bytes to append for one received message (a complete wire-schema IPC stream). */
  append(message: Uint8Array, rows: number): Uint8Array {
    const { messages, ended } = splitIpcMessages(message);
    if (!ended && messages.length === 0) throw new IpcFramingError('not a complete Arrow IPC stream');
    if (messages[0]?.headerType !== IPC_SCHEMA) throw new IpcFramingError('a message without its schema');
    const parts = messages
      .filter((m) => m.headerType === IPC_DICTIONARY || m.headerType === IPC_RECORD_BATCH)
      .map((m) => message.subarray(m.start, m.end));
    this.rows += rows;
    return concatBytes(parts);
  }
}
