/**
 * The library surface of repomap: build a map, and the types that describe it; with
 * `withGraph: true`, the ranked file graph and its graphology view and exports (loading this
 * module loads graphology; the command line's `build` never does).
 */
export { buildRepoMap } from './session/build-map.js';
export { toMapJson, MAP_JSON_SCHEMA, type MapJson } from './session/map-json.js';
export type { BuildMapOptions, MapRequest, RepoSettings, BuildMapResult, BuildProgress, BuildStats, MapFile, StageTimings, MapStyle } from './session/types.js';
export { MAP_STYLES } from './session/types.js';
export type { FileTags, RankedEntry, ReferenceCount, SkippedFile, SkipReason, SourceFile, Tag, TagRole } from './types.js';
export { TOKENIZERS, type TokenizerName } from './render/token-counter.js';
export { LANGUAGES, type LanguageSpec } from './languages.js';
export { RepomapError, UsageError, GrammarLoadError, QueryError, CacheError } from './errors.js';
export { CacheConfig, REFRESH_MODES, type RefreshMode, type CacheConfigFields, type CacheFlags } from './store/cache-config.js';
export { CacheManager, type CacheStatistics, type CacheEntryStats, type LastBuild } from './store/cache-manager.js';
export { TagCache, type FileState, type TagKey, encodeTags, decodeTags } from './store/tag-cache.js';
export { TreeCache, type TreeKey } from './store/tree-cache.js';
export { MapCache, MapCacheKey, type MapCacheKeyFields, type CachedMapInfo } from './store/map-cache.js';
export { RemoteConfig, remoteConfigFrom, type RemoteFlags } from './store/cache-config.js';
export { REMOTE_MODES, type RemoteMode, type RemoteStore, type RemoteEntry, type RemotePing } from './store/remote/remote-store.js';
export { MemoryRemoteStore } from './store/remote/memory-remote-store.js';
export { RedisRemoteStore, type RedisRemoteStoreOptions } from './store/remote/redis-remote-store.js';
export type { RemoteCounterValues } from './store/remote/remote-counters.js';
export type { RemoteStatistics } from './store/cache-manager.js';
export { DEFAULT_GRAPH_TOP, type FileGraph, type FileGraphNode, type FileGraphEdge } from './graph/file-graph.js';
export { toGraphology, type FileGraphology, type FileNodeAttributes, type FileEdgeAttributes } from './export/to-graphology.js';
export { writeJson as writeGraphJson, writeGexf, writeGraphml, writeDot } from './export/write-graph.js';
export { renderGraphPage } from './export/graph-page.js';
