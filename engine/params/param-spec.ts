/** One named, documented, bounded parameter: its default, range and one-line meaning. */
export interface ParamSpec {
  readonly value: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly doc: string;
}

export type ParamSpecs<P> = { readonly [K in keyof P]: ParamSpec };

/** The defaults of a spec table, frozen. */
export const specDefaults = <P>(specs: ParamSpecs<P>): P =>
  Object.freeze(
    Object.fromEntries(Object.entries<ParamSpec>(specs).map(([k, s]) => [k, s.value])),
  ) as unknown as P;

/** Validates overrides against a spec table and merges them with `base`; throws naming the bad parameter. */
export function resolveSpecParams<P>(specs: ParamSpecs<P>, kind: string, base: P, p: Partial<P>): P {
  const out: Record<string, number | boolean> = { ...(base as Record<string, number | boolean>) };
  for (const [name, v] of Object.entries(p)) {
    if (v === undefined) continue;
    if (!Object.hasOwn(specs, name)) throw new RangeError(`unknown ${kind} parameter ${name}`);
    const spec = (specs as Record<string, ParamSpec>)[name]!;
    if (typeof spec.value === 'boolean') {
      if (typeof v !== 'boolean') throw new RangeError(`${name} must be true or false, got ${String(v)}`);
    } else {
      const lo = spec.min ?? -Infinity;
      const hi = spec.max ?? Infinity;
      if (typeof v !== 'number' || !(v >= lo && v <= hi))
        throw new RangeError(`${name} must be a number between ${lo} and ${hi}, got ${String(v)}`);
      if (spec.integer === true && !Number.isInteger(v))
        throw new RangeError(`${name} must be a whole number, got ${v}`);
    }
    out[name] = v as number | boolean;
  }
  return Object.freeze(out) as unknown as P;
}

/** Parses a `--param` value (numbers, or true/false for switches). */
export function parseSpecParam(spec: ParamSpec, name: string, text: string): number | boolean {
  if (typeof spec.value === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new RangeError(`${name}=${text}: use true or false`);
    return text === 'true';
  }
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new RangeError(`${name}=${text}: needs a number`);
  return n;
}
