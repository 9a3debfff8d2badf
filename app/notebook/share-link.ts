import { fromBase64Url, toBase64Url } from './base64url.ts';
import { MAX_NOTEBOOK_BYTES, NotebookError, parseNotebook } from './notebook-io.ts';
import type { Notebook } from './spec.ts';

/** The fragment key of a shared notebook: `#nb=<base64url of deflate-raw JSON>`. */
export const SHARE_KEY = 'nb';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number) {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    // A few bytes of deflate can expand to gigabytes; stop at the notebook size limit.
    if (n > limit) {
      await reader.cancel();
      throw new Error(`it expands past the ${limit} byte limit`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The notebook's layout and queries, compressed for a URL fragment (never sent to any server). */
export async function encodeShare(nb: Notebook): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(nb));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY));
}

/** Reads a share fragment back, validated like a file. */
export async function decodeShare(text: string): Promise<Notebook> {
  const source = 'the shared link';
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text);
  } catch {
    throw new NotebookError(source, ['the link is not base64url (was it cut short?)']);
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(
      await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_NOTEBOOK_BYTES),
    );
  } catch (e) {
    throw new NotebookError(source, [
      `the link does not decompress (${(e as Error).message}); was it cut short?`,
    ]);
  }
  return parseNotebook(json, source);
}

/** The `nb` value of a fragment like `#token=…&nb=…`, if any. */
export const shareFromHash = (hash: string): string | null =>
  new URLSearchParams(hash.replace(/^#/, '')).get(SHARE_KEY);
