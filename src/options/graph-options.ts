/**
 * `repomap graph` flags → validated options: the shared map flags (build-options.ts) plus the
 * export format and how many files to keep. Every bad value is a UsageError (exit 2).
 */
import { UsageError } from '../errors.js';
import { DEFAULT_GRAPH_TOP } from '../graph/file-graph.js';

export { DEFAULT_GRAPH_TOP };
import { DEFAULT_GRAPH_FORMAT, GRAPH_FORMATS, type GraphFormat } from './graph-formats.js';
import { parsePositiveInteger, resolveBuildOptions, type BuildCommandOptions, type RawBuildFlags } from './build-options.js';


export interface RawGraphFlags extends RawBuildFlags {
  top?: string;
}

export interface GraphCommandOptions extends Omit<BuildCommandOptions, 'format'> {
  format: GraphFormat;
  top: number;
}

export function parseGraphFormat(value: string | undefined): GraphFormat {
  if (value === undefined) return DEFAULT_GRAPH_FORMAT;
  if (!(GRAPH_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format: unknown format '${value}'; expected ${GRAPH_FORMATS.join(', ')}`);
  return value as GraphFormat;
}

export function resolveGraphOptions(paths: string[], flags: RawGraphFlags, cwd: string): GraphCommandOptions {
  const format = parseGraphFormat(flags.format);
  const top = parsePositiveInteger('--top', flags.top, DEFAULT_GRAPH_TOP);
  const { format: _mapFormat, ...options } = resolveBuildOptions(paths, { ...flags, format: undefined }, cwd);
  const request = { ...options.request, withGraph: true, graphTop: top };
  return { ...options, request, build: { ...options.settings, ...request }, format, top };
}
