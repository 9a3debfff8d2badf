#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx flowbook` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
if (process.argv[2] !== 'serve') process.exit(code);
else if (code !== 0) process.exit(code);
