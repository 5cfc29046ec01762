// Runs the repomap CLI in this process and reports its peak RSS (worker threads included) on
// file descriptor 3 as JSON, for scripts/bench.mjs. Not part of the shipped CLI.
import { writeSync } from 'node:fs';
import { main } from '../dist/cli/main.js';

process.on('exit', () => {
  writeSync(3, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
await main(process.argv);
