// Loaded with `node --import` by CLI tests: any import of the packages listed in
// REPOMAP_FORBID_MODULES (comma-separated) fails the process, proving a command never loads them.
import { register } from 'node:module';

register('./forbid-modules-hooks.mjs', import.meta.url, { data: { forbidden: (process.env.REPOMAP_FORBID_MODULES ?? '').split(',').filter(Boolean) } });
