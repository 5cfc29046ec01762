/**
 * What the watcher needs from a repository session: refresh some paths (or all), answer a map
 * request, close. `openLiveSession` opens one. Until the long-lived RepoSession lands this is an
 * adapter whose `map` runs a whole one-shot build: slow, but every map is exactly a build's.
 */
import type { BuildMapResult, MapRequest, RepoSettings } from '../session/types.js';

export interface FileChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

export interface LiveSession {
  readonly root: string;
  /** Look at only these root-relative paths (changed, added or removed); no argument: a full sweep. */
  refresh(paths?: string[]): Promise<FileChanges>;
  map(request: MapRequest): Promise<BuildMapResult>;
  close(): Promise<void>;
}

export async function openLiveSession(settings: RepoSettings): Promise<LiveSession> {
  const { buildRepoMap } = await import('../session/build-map.js');
  return {
    root: settings.root,
    refresh: async (paths) => ({ changed: paths ?? [], added: [], removed: [] }),
    map: (request) => buildRepoMap({ ...settings, ...request }),
    close: async () => undefined,
  };
}
