/** The library surface of repomap: build a map, and the types that describe it. */
export { buildRepoMap } from './session/build-map.js';
export { toMapJson, MAP_JSON_SCHEMA, type MapJson } from './session/map-json.js';
export type { BuildMapOptions, BuildMapResult, BuildProgress, BuildStats, MapFile, StageTimings } from './session/types.js';
export type { FileTags, RankedEntry, ReferenceCount, SkippedFile, SkipReason, SourceFile, Tag, TagRole } from './types.js';
export { TOKENIZERS, type TokenizerName } from './render/token-counter.js';
export { LANGUAGES, type LanguageSpec } from './languages.js';
export { RepomapError, UsageError, GrammarLoadError, QueryError, CacheError } from './errors.js';
