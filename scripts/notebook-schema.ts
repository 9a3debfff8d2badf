import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
export const SCHEMA_FILE = root('public/notebook.schema.json');

/** The JSON schema of the notebook format, generated from the TypeScript types in app/notebook/spec.ts. */
export function notebookSchema(): string {
  const schema = createGenerator({
    path: root('app/notebook/spec.ts'),
    tsconfig: root('app/tsconfig.json'),
    type: 'Notebook',
    additionalProperties: false,
    skipTypeCheck: true,
    topRef: false,
  }).createSchema('Notebook');
  return `${JSON.stringify({ ...schema, $id: 'https://flowbook.local/notebook.schema.json', title: 'flowbook notebook, version 1' }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, notebookSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
