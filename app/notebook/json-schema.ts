/**
 * A validator for the JSON Schema (draft-07) keywords that public/notebook.schema.json uses. The app
 * interprets the schema rather than compiling it (Ajv generates code, which the page's CSP forbids);
 * the tests check it agrees with Ajv on every example notebook and on broken ones.
 */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly $ref?: string;
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
}

const KNOWN = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'maxItems',
  'minItems',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'enum',
  'const',
  'anyOf',
  '$ref',
  'definitions',
  'description',
  '$schema',
  '$id',
  'title',
]);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

const typeMatches = (t: string, v: unknown) => {
  const actual = typeOf(v);
  return t === actual || (t === 'number' && actual === 'integer');
};

/** Throws on a keyword this validator does not implement, so the schema cannot outgrow it silently. */
export function assertSupported(schema: JsonSchema, path = '#'): void {
  for (const [k, v] of Object.entries(schema)) {
    if (!KNOWN.has(k)) throw new Error(`unsupported JSON Schema keyword ${k} at ${path}`);
    if (k === 'properties' || k === 'definitions')
      for (const [n, s] of Object.entries(v as Record<string, JsonSchema>))
        assertSupported(s, `${path}/${k}/${n}`);
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object'))
      assertSupported(v as JsonSchema, `${path}/${k}`);
    else if (k === 'anyOf') (v as JsonSchema[]).forEach((s, i) => assertSupported(s, `${path}/anyOf/${i}`));
  }
}

/** Every way `value` breaks `schema`, each as `path: reason`; empty when it conforms. */
export function validate(root: JsonSchema, value: unknown, max = 20): string[] {
  const errors: string[] = [];
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref === undefined) return s;
    const name = s.$ref.replace(/^#\/definitions\//, '');
    const target = root.definitions?.[name];
    if (!target) throw new Error(`schema reference ${s.$ref} not found`);
    return resolve(target);
  };
  const walk = (schema: JsonSchema, v: unknown, path: string, out: string[]): void => {
    const s = resolve(schema);
    const fail = (reason: string) => out.push(`${path || '/'}: ${reason}`);
    if (s.const !== undefined && v !== s.const) return void fail(`must be ${JSON.stringify(s.const)}`);
    if (s.enum && !s.enum.includes(v))
      return void fail(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    if (s.type !== undefined) {
      const types = typeof s.type === 'string' ? [s.type] : s.type;
      if (!types.some((t) => typeMatches(t, v)))
        return void fail(`must be ${types.join(' or ')}, not ${typeOf(v)}`);
    }
    if (s.anyOf) {
      // A tagged union: report against the branch whose `kind` matches, not against every branch.
      const branches = s.anyOf.map(resolve);
      const tag = typeof v === 'object' && v !== null ? (v as Record<string, unknown>).kind : undefined;
      const tagged = branches.filter((b) => b.properties?.kind?.const !== undefined);
      if (tagged.length === branches.length) {
        const match = tagged.find((b) => b.properties?.kind?.const === tag);
        if (!match)
          return void fail(
            `kind must be one of ${tagged.map((b) => JSON.stringify(b.properties?.kind?.const)).join(', ')}`,
          );
        return walk(match, v, path, out);
      }
      const tries = branches.map((b) => {
        const e: string[] = [];
        walk(b, v, path, e);
        return e;
      });
      if (tries.some((e) => e.length === 0)) return;
      return void out.push(...(tries.sort((a, b) => a.length - b.length)[0] ?? []));
    }
    if (typeof v === 'string') {
      if (s.maxLength !== undefined && [...v].length > s.maxLength)
        fail(`longer than ${s.maxLength} characters`);
      if (s.minLength !== undefined && [...v].length < s.minLength)
        fail(`shorter than ${s.minLength} characters`);
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) fail(`must match ${s.pattern}`);
      if (s.format === 'date-time' && (!DATE_TIME.test(v) || Number.isNaN(Date.parse(v))))
        fail('must be an ISO 8601 date-time');
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail('must be finite');
      if (s.minimum !== undefined && v < s.minimum) fail(`must be ≥ ${s.minimum}`);
      if (s.maximum !== undefined && v > s.maximum) fail(`must be ≤ ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (s.maxItems !== undefined && v.length > s.maxItems) fail(`more than ${s.maxItems} items`);
      if (s.minItems !== undefined && v.length < s.minItems) fail(`fewer than ${s.minItems} items`);
      if (s.items) v.forEach((item, i) => walk(s.items!, item, `${path}/${i}`, out));
    } else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (!Object.hasOwn(o, r)) fail(`missing required property ${r}`);
      for (const [k, item] of Object.entries(o)) {
        const p = s.properties?.[k];
        if (p) walk(p, item, `${path}/${k}`, out);
        else if (s.additionalProperties === false) fail(`unknown property ${k}`);
        else if (typeof s.additionalProperties === 'object')
          walk(s.additionalProperties, item, `${path}/${k}`, out);
      }
    }
  };
  walk(root, value, '', errors);
  return errors.slice(0, max);
}
