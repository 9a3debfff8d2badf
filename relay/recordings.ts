import { createReadStream, existsSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { RecordingsListing, RelayRecording } from '../engine/index.ts';

/** A recording's file name: no folder, no leading dot, `.arrows` at the end. */
const RECORDING_NAME = /^[\w-][\w.-]{0,199}\.arrows$/;

export const isRecordingName = (name: string): boolean =>
  RECORDING_NAME.test(name) && basename(name) === name;

const notRecordingName = (name: string) =>
  `not a recording name: ${JSON.stringify(name.slice(0, 100))} (letters, digits, - _ . and .arrows at the end)`;

/**
 * The relay's recordings over HTTP, for the sessions panel: list, download (streamed; the recording in
 * progress up to its size when asked), rename and delete (not the one being written). The caller
 * checks the token.
 */
export function recordingRoutes(dir: string | null, current: () => string | null): Hono {
  const routes = new Hono();
  // Every call naming a recording: the relay records, and the name is a recording's.
  routes.use('/:name', async (c, next) => {
    if (dir === null)
      return c.json({ error: 'this relay does not record: start it with flowbook serve --record DIR' }, 404);
    const name = c.req.param('name');
    if (!isRecordingName(name)) return c.json({ error: notRecordingName(name) }, 400);
    await next();
  });
  /** The named recording's path; the middleware above has checked the folder and the name. */
  const pathOf = (name: string) => join(dir!, name);
  const statOf = (path: string) => {
    try {
      const s = statSync(path);
      return s.isFile() ? s : null;
    } catch {
      return null;
    }
  };
  const isCurrent = (name: string) => {
    const c = current();
    return c !== null && basename(c) === name;
  };

  /** Why a recording cannot be renamed or deleted now (the one being written, or none such), or null. */
  const refuseChange = (name: string, doing: string): { error: string; status: 404 | 409 } | null => {
    if (isCurrent(name))
      return { error: `${name} is being recorded; stop the relay (Ctrl-C) before ${doing} it`, status: 409 };
    if (!statOf(pathOf(name))) return { error: `no recording ${name}`, status: 404 };
    return null;
  };

  routes.get('/', (c) => {
    if (dir === null) return c.json({ dir: null, recordings: [] } satisfies RecordingsListing);
    let names: string[];
    try {
      names = readdirSync(dir).filter(isRecordingName);
    } catch (e) {
      return c.json({ error: `cannot read the recordings folder ${dir}: ${(e as Error).message}` }, 500);
    }
    const recordings: RelayRecording[] = [];
    for (const name of names) {
      const s = statOf(join(dir, name));
      if (s)
        recordings.push({
          name,
          bytes: s.size,
          modified: s.mtime.toISOString(),
          recording: isCurrent(name),
        });
    }
    recordings.sort((a, b) => b.modified.localeCompare(a.modified) || b.name.localeCompare(a.name));
    return c.json({ dir, recordings } satisfies RecordingsListing);
  });

  routes.get('/:name', (c) => {
    const name = c.req.param('name');
    const path = pathOf(name);
    const s = statOf(path);
    if (!s) return c.json({ error: `no recording ${name}` }, 404);
    // The recording in progress grows while it is read: send the bytes it had now, a consistent prefix.
    const body = s.size === 0 ? '' : Readable.toWeb(createReadStream(path, { start: 0, end: s.size - 1 }));
    return c.body(body as ReadableStream<Uint8Array> | string, 200, {
      'Content-Type': 'application/vnd.apache.arrow.stream',
      'Content-Length': String(s.size),
      'Cache-Control': 'no-store',
    });
  });

  routes.patch('/:name', async (c) => {
    const name = c.req.param('name');
    const path = pathOf(name);
    const body: unknown = await c.req.json().catch(() => null);
    const to = (body as { name?: unknown } | null)?.name;
    if (typeof to !== 'string') return c.json({ error: 'send {"name": "<new name>.arrows"}' }, 400);
    if (!isRecordingName(to)) return c.json({ error: notRecordingName(to) }, 400);
    const refused = refuseChange(name, 'renaming');
    if (refused) return c.json({ error: refused.error }, refused.status);
    if (to === name) return c.json({ renamed: name, to });
    const target = pathOf(to);
    if (existsSync(target)) return c.json({ error: `${to} already exists` }, 409);
    try {
      renameSync(path, target);
    } catch (e) {
      return c.json({ error: `cannot rename ${name}: ${(e as Error).message}` }, 500);
    }
    return c.json({ renamed: name, to });
  });

  routes.delete('/:name', (c) => {
    const name = c.req.param('name');
    const refused = refuseChange(name, 'deleting');
    if (refused) return c.json({ error: refused.error }, refused.status);
    try {
      unlinkSync(pathOf(name));
    } catch (e) {
      return c.json({ error: `cannot delete ${name}: ${(e as Error).message}` }, 500);
    }
    return c.json({ deleted: name });
  });
  return routes;
}
