import type { RecordingsListing } from '../../engine/index.ts';

const call = async (token: string, path: string, init: RequestInit = {}): Promise<Response> => {
  let res: Response;
  try {
    res = await fetch(`/api/recordings${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      cache: 'no-store',
    });
  } catch (cause) {
    throw new Error(`the relay did not answer: ${(cause as Error).message}`, { cause });
  }
  if (!res.ok) {
    const why = await res
      .json()
      .then((b: { error?: unknown }) => (typeof b.error === 'string' ? b.error : null))
      .catch(() => null);
    throw new Error(why ?? `the relay answered ${res.status} ${res.statusText}`);
  }
  return res;
};

/** The recordings in the relay's `--record` folder (none when it does not record), newest first. */
export async function listRelayRecordings(token: string): Promise<RecordingsListing> {
  return (await (await call(token, '')).json()) as RecordingsListing;
}

/**
 * Downloads a relay recording into a Blob (the browser keeps a large one on disk), reporting the share
 * received. The recording in progress comes as far as the relay had written it.
 */
export async function fetchRelayRecording(
  token: string,
  name: string,
  progress: (share: number) => void,
): Promise<Blob> {
  const res = await call(token, `/${encodeURIComponent(name)}`);
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body || total === 0) return res.blob();
  let received = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        received += chunk.byteLength;
        progress(Math.min(1, received / total));
        out.enqueue(chunk);
      },
    }),
  );
  const blob = await new Response(counted).blob();
  if (blob.size !== total)
    throw new Error(`${name}: the relay sent ${blob.size} of its ${total} bytes; try again`);
  return blob;
}

/** Renames a closed recording in the relay's folder; `.arrows` is added when the new name lacks it. */
export async function renameRelayRecording(token: string, name: string, to: string): Promise<string> {
  const target = to.endsWith('.arrows') ? to : `${to}.arrows`;
  await call(token, `/${encodeURIComponent(name)}`, {
    method: 'PATCH',
    body: JSON.stringify({ name: target }),
  });
  return target;
}

export async function deleteRelayRecording(token: string, name: string): Promise<void> {
  await call(token, `/${encodeURIComponent(name)}`, { method: 'DELETE' });
}
