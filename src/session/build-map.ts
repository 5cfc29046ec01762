/**
 * A one-shot build: open a session, sweep the repository, answer one request, close. Cache
 * faults never reach here: the store absorbs them (store/guarded-database.ts).
 */
import { RepoSession } from './repo-session.js';
import type { BuildMapOptions, BuildMapResult } from './types.js';

export async function buildRepoMap(options: BuildMapOptions): Promise<BuildMapResult> {
  const session = await RepoSession.open(options, { oneShot: true });
  try {
    await session.refresh();
    return await session.map(options);
  } finally {
    await session.close();
  }
}
