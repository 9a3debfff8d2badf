import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, openEventFile, type RecordingsListing } from '../engine/index.ts';
import { createFileRecorder, type FileRecorder } from './recorder.ts';
import { isRecordingName } from './recordings.ts';
import { type RunningRelay, startRelay } from './server.ts';
import { createSimFeed } from './sim-feed.ts';

const TOKEN = 'recordings-token-0123456789';
let dir: string;
let relay: RunningRelay;
let recorder: FileRecorder;
const api = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
  fetch(`http://127.0.0.1:${relay.port}/api/recordings${path}`, {
    ...init,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
const listing = async () => (await (await api('')).json()) as RecordingsListing;

describe('the relay’s recordings over HTTP (flowbook serve --record)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowbook-recordings-'));
    const clock = { now: () => Date.now() };
    recorder = createFileRecorder(dir, { source: 'sim', now: Date.now() });
    relay = await startRelay({
      feed: createSimFeed({ seed: 5, rate: 400, clock, startMs: Date.UTC(2026, 10, 20, 14, 30) }),
      clock,
      port: 0,
      token: TOKEN,
      record: recorder.record,
      recordings: { dir, current: () => recorder.path },
    });
    // An older recording, closed, and files that are not recordings.
    const old = createFileRecorder(dir, { source: 'older', now: Date.UTC(2026, 10, 19, 14, 30) });
    old.close();
    writeFileSync(join(dir, 'notes.txt'), 'not a recording');
    writeFileSync(join(dir, '.hidden.arrows'), 'hidden');
  });
  afterAll(async () => {
    await relay.close();
    recorder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the launch token', async () => {
    expect((await api('', {}, null)).status).toBe(401);
    expect((await api('', {}, 'wrong-token-0123456789')).status).toBe(401);
    const name = recorder.path.split('/').pop()!;
    expect((await api(`/${name}`, {}, null)).status).toBe(401);
    expect((await api(`/${name}`, { method: 'DELETE' }, null)).status).toBe(401);
  });

  it('lists the recordings, the one being written marked, and nothing else in the folder', async () => {
    await expect
      .poll(async () => (await listing()).recordings.find((r) => r.recording)?.bytes ?? 0)
      .toBeGreaterThan(10_000);
    const l = await listing();
    expect(l.dir).toBe(dir);
    expect(l.recordings.map((r) => r.name).sort()).toEqual(
      [recorder.path.split('/').pop()!, 'flowbook-2026-11-19T14-30-00-000Z.arrows'].sort(),
    );
    expect(l.recordings.filter((r) => r.recording).map((r) => r.name)).toEqual([
      recorder.path.split('/').pop(),
    ]);
  });

  it('sends a recording’s bytes, which the event-file reader opens (the one in progress up to now)', async () => {
    const name = recorder.path.split('/').pop()!;
    const res = await api(`/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    // What was sent is what the file held when it was asked for.
    expect(
      Buffer.from(readFileSync(recorder.path).subarray(0, bytes.byteLength)).equals(Buffer.from(bytes)),
    ).toBe(true);
    const reader = await openEventFile(name, bytesSource(bytes));
    let rows = 0;
    for (let c = await reader.next(); c; c = await reader.next()) rows += c.rows;
    expect(reader.format).toBe('arrow-stream');
    expect(rows).toBeGreaterThan(100);
  });

  it.each([
    ['..%2Fetc%2Fpasswd', 400],
    ['notes.txt', 400],
    ['.hidden.arrows', 400],
    ['missing.arrows', 404],
  ])('refuses %s with %i and says why', async (name, status) => {
    const get = await api(`/${name}`);
    expect(get.status).toBe(status);
    expect((await get.json()).error).toMatch(
      status === 400 ? /not a recording name/ : /no recording missing\.arrows/,
    );
    expect((await api(`/${name}`, { method: 'DELETE' })).status).toBe(status);
  });

  it('renames a closed recording, and refuses a bad name, a taken name and the one being written', async () => {
    const patch = (name: string, body: unknown) =>
      api(`/${name}`, { method: 'PATCH', body: JSON.stringify(body) });
    const old = 'flowbook-2026-11-19T14-30-00-000Z.arrows';
    const current = recorder.path.split('/').pop()!;
    const bad = await patch(old, { name: '../elsewhere.arrows' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('not a recording name');
    expect((await patch(old, { other: 1 })).status).toBe(400);
    expect((await patch(old, { name: current })).status).toBe(409);
    const busy = await patch(current, { name: 'x.arrows' });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toContain('is being recorded');
    expect((await patch('missing.arrows', { name: 'y.arrows' })).status).toBe(404);
    expect((await patch(old, { name: 'monday.arrows' })).status).toBe(200);
    expect((await listing()).recordings.map((r) => r.name).sort()).toEqual([current, 'monday.arrows'].sort());
    expect((await patch('monday.arrows', { name: old })).status).toBe(200);
  });

  it('deletes a closed recording, and refuses to delete the one being written', async () => {
    const current = recorder.path.split('/').pop()!;
    const busy = await api(`/${current}`, { method: 'DELETE' });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toContain('is being recorded');
    const old = 'flowbook-2026-11-19T14-30-00-000Z.arrows';
    const del = await api(`/${old}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await listing()).recordings.map((r) => r.name)).toEqual([current]);
    expect((await api(`/${old}`)).status).toBe(404);
  });

  it('names only plain .arrows files as recordings', () => {
    expect(isRecordingName('flowbook-2026-11-20T14-30-00-000Z.arrows')).toBe(true);
    for (const bad of [
      '../x.arrows',
      'a/b.arrows',
      '.x.arrows',
      'x.arrow',
      'x.arrows.txt',
      '',
      'x\u0000.arrows',
    ])
      expect(isRecordingName(bad)).toBe(false);
  });
});

describe('a relay that does not record', () => {
  it('lists no recordings and says it has no folder', async () => {
    const clock = { now: () => Date.now() };
    const r = await startRelay({
      feed: createSimFeed({ seed: 6, rate: 10, clock, startMs: Date.UTC(2026, 10, 20, 14, 30) }),
      clock,
      port: 0,
      token: TOKEN,
    });
    try {
      const res = await fetch(`http://127.0.0.1:${r.port}/api/recordings`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(await res.json()).toEqual({ dir: null, recordings: [] });
      const one = await fetch(`http://127.0.0.1:${r.port}/api/recordings/x.arrows`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(one.status).toBe(404);
      expect((await one.json()).error).toContain('does not record');
    } finally {
      await r.close();
    }
  });
});
