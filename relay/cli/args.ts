/** Minimal `--name value` / `--flag` parser; unknown options are an error naming them. */
export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, 'string' | 'boolean' | 'multi'>>,
): { opts: Record<string, string | boolean | string[]>; positional: string[] } {
  const opts: Record<string, string | boolean | string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name = '', inline] = a.slice(2).split('=', 2);
    const kind = spec[name];
    if (!kind) throw new Error(`unknown option --${name}`);
    if (kind === 'boolean') {
      opts[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (kind === 'multi') opts[name] = [...((opts[name] as string[] | undefined) ?? []), value];
    else opts[name] = value;
  }
  return { opts, positional };
}

/** `90s`, `10m`, `1h`, `1h30m` → milliseconds. */
export function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  if (consumed !== s.length || total <= 0) throw new Error(`invalid duration: ${s} (e.g. 90s, 10m, 1h)`);
  return total;
}

export function parseNumber(name: string, s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${s}`);
  return n;
}
