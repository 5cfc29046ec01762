/**
 * Co-change (the history signal): how often a file changed in the same commit as one of the
 * chat files, over the commits read by discovery/git-history. For each file, the share of the
 * commits touching a chat file that also touched it (0 to 1): a file changed in every commit of
 * the chat files scores 1, whatever the number of commits.
 */
export function coChangeShares(commits: readonly (readonly string[])[], chatFiles: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  let withChat = 0;
  for (const files of commits) {
    if (!files.some((relPath) => chatFiles.has(relPath))) continue;
    withChat++;
    for (const relPath of new Set(files)) {
      if (!chatFiles.has(relPath)) counts.set(relPath, (counts.get(relPath) ?? 0) + 1);
    }
  }
  const shares = new Map<string, number>();
  for (const [relPath, count] of counts) shares.set(relPath, count / withChat);
  return shares;
}
