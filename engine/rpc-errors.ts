import { transferHandlers } from 'comlink';

interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  sql?: string | undefined;
  cause?: string | undefined;
}

/**
 * Keeps an error's name, SQL and cause across the worker boundary: comlink's default throw handler
 * sends only message and stack (comlink issue #594). Install it on both sides.
 */
export function installErrorTransfer(): void {
  const original = transferHandlers.get('throw');
  if (!original) return;
  transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize(thrown: unknown) {
      const value = (thrown as { value: unknown }).value;
      if (!(value instanceof Error)) return original.serialize(thrown);
      const e: WireError = {
        name: value.name,
        message: value.message,
        stack: value.stack,
        sql: (value as { sql?: string }).sql,
        cause: value.cause instanceof Error ? value.cause.message : undefined,
      };
      return [{ flowbookError: e }, []];
    },
    deserialize(serialized: unknown) {
      const e = (serialized as { flowbookError?: WireError }).flowbookError;
      if (!e) return original.deserialize(serialized);
      const err = new Error(e.message, e.cause ? { cause: new Error(e.cause) } : undefined);
      err.name = e.name;
      if (e.stack) err.stack = e.stack;
      if (e.sql) Object.assign(err, { sql: e.sql });
      throw err;
    },
  });
}
