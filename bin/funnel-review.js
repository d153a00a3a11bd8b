#!/usr/bin/env node
// The `funnel-review` command. The code is TypeScript run by tsx: register tsx's ESM loader for
// this process, then load the CLI. Paths resolve from this file, not the working directory, so
// it works from a clone, through `npm start` and `npx funnel-review`, and when installed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Our own tsconfig, never one that happens to sit in the user's working directory.
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
register({ tsconfig: existsSync(tsconfig) ? tsconfig : false });
await import('./cli/main.ts');
