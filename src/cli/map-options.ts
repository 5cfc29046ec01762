/**
 * The flags every map-producing command shares (build, watch, mcp, graph): one definition, so a
 * flag added here is accepted, validated and documented the same way by all of them.
 */
import { type Command, Option } from 'commander';

/**
 * List flags are repeatable and take one value each, which may itself be a comma list:
 * `--exclude test/ --exclude '*.min.js'` and `--exclude test/,*.min.js` are the same. A list
 * flag never swallows the positional paths after it (`--exclude test/ db` maps db/).
 */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

export interface MapOptionsShape {
  /** The --format choices and default (build: text and json; graph: its export formats). */
  formats?: readonly string[];
  defaultFormat?: string;
}

export function addMapOptions(command: Command, { formats = ['text', 'json'], defaultFormat = 'text' }: MapOptionsShape = {}): Command {
  return command
    .option('--root <dir>', 'repository root (default: the git work tree around the current directory, else the current directory)')
    .option('--chat <files>', 'files in the chat: they steer the ranking and are never shown (repeatable, or a comma list)', collectList)
    .option('--mention-file <files>', 'files the user mentioned, ranked higher (repeatable, or a comma list)', collectList)
    .option('--mention-ident <idents>', 'identifiers the user mentioned, ranked higher (repeatable, or a comma list)', collectList)
    .option('--prompt <text>', 'derive mentioned files and identifiers from a prompt')
    .option('--tokens <n>', 'token budget, a hard limit', '1024')
    .addOption(new Option('--tokenizer <name>', 'tokenizer that counts the budget').choices(['o200k', 'cl100k', 'approx']).default('o200k'))
    .addOption(new Option('--style <style>', 'how definitions are shown: aider (aider\'s format) or compact (full signatures, no body lines)').choices(['aider', 'compact']).default('aider'))
    .option('--history', 'rank files that changed together with the --chat files in recent commits higher (git only)')
    .addOption(new Option('--format <format>', 'output format').choices(formats).default(defaultFormat))
    .option('--output <file>', 'write the output to this file (atomically; a symlink is written through, a device or FIFO in place) instead of stdout')
    .option('--exclude <patterns>', 'leave out files matching gitignore-style patterns (repeatable, or a comma list: "test/,*.min.js")', collectList)
    .option('--max-file-bytes <n>', 'skip files larger than this', String(1024 * 1024))
    .option('--grammar <lang=file>', 'load this .wasm grammar for a language instead of the packaged one (repeatable, or a comma list)', collectList)
    .option('--workers <n>', 'parser threads (0: parse on the main thread; default: by repository size)')
    .option('--parse-budget <ms>', 'skip a file whose parse takes more CPU time, and remember it (env REPO_MAP_PARSE_BUDGET_MS; default 1000)')
    .option('--map-mul-no-files <m>', 'with no --chat files, multiply the budget by m (aider: 8)')
    .option('--max-context-window <n>', 'cap for the enlarged budget: n - 4096 tokens')
    .option('--cache-dir <dir>', 'where the cache lives (env REPO_MAP_CACHE_DIR; default <root>/.repomap)')
    .option('--no-cache', 'neither read nor write the cache')
    .addOption(
      new Option('--refresh <mode>', 'when a cached map is reused (env REPO_MAP_CACHE_REFRESH_MODE)').choices(['auto', 'files', 'manual', 'always']),
    )
    .option('--force-refresh', 'rebuild the map even if a cached one matches')
    .option('--remote <url>', 'team cache below the local one: redis://host:port or rediss:// (env REPO_MAP_CACHE_REMOTE_URL)')
    .option('--no-remote', 'do not use a team cache even if REPO_MAP_CACHE_REMOTE_URL is set')
    .addOption(
      new Option('--remote-mode <mode>', 'read the team cache, write it (CI), or both (env REPO_MAP_CACHE_REMOTE_MODE)').choices([
        'read',
        'write',
        'readwrite',
      ]),
    )
    .option('--remote-namespace <name>', 'team or project name inside the server (env REPO_MAP_CACHE_REMOTE_NAMESPACE; default shared)')
    .option('--remote-ttl <days>', 'unused team-cache entries expire after this many days (env REPO_MAP_CACHE_REMOTE_TTL_DAYS; default 30)')
    .option('--verbose', 'print counts, skipped files and stage timings to stderr')
    .option('--quiet', 'print nothing but errors to stderr');
}
