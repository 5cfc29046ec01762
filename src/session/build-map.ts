/**
 * A one-shot build: open a session, sweep the repository, answer one request, close. A cache
 * file damaged in a way opening could not see is set aside once and the build runs again.
 */
import { DatabaseTrouble, RepoSession } from './repo-session.js';
import type { BuildMapOptions, BuildMapResult } from './types.js';

export async function buildRepoMap(options: BuildMapOptions): Promise<BuildMapResult> {
  try {
    return await buildOnce(options);
  } catch (error) {
    const file = corruptDatabaseFile(error);
    if (!file) throw error;
    const { quarantineDatabase } = await import('../store/database.js');
    const aside = quarantineDatabase(file);
    options.onWarning?.(`the cache ${file} was damaged (${(error as Error).message}); moved it to ${aside} and rebuilt it`);
    return buildOnce(options);
  }
}

async function buildOnce(options: BuildMapOptions): Promise<BuildMapResult> {
  const session = await RepoSession.open(options, { oneShot: true });
  try {
    await session.refresh();
    return await session.map(options);
  } finally {
    await session.close();
  }
}

function corruptDatabaseFile(error: unknown): string | undefined {
  if (!(error instanceof DatabaseTrouble)) return undefined;
  const code = (error.cause as { code?: string }).code ?? '';
  return ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX'].includes(code) ? error.file : undefined;
}
