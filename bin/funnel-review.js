#!/usr/bin/env node
// The `funnel-review` command. The code is TypeScript run by tsx: register its ESM loader for this
// process, then load the CLI. Resolved from this file, so it works from a clone and when installed.
import { register } from 'tsx/esm/api';

register();
await import('./cli/main.ts');
