/**
 * Lists a directory tree's files outside git. Which entries to leave out is the ignore rules'
 * call (`.gitignore` and `.repomapignore` at every level, `.git/`, the cache directory); an
 * ignored directory is not entered. Symlinked directories are never entered, which also rules
 * out symlink loops. Mount points of kernel pseudo file systems (/proc, /sys, /dev…) below the
 * root are not entered either: they hold no source, and files that never end. A root inside one
 * (`--root /proc`) is walked, and reading bounds each file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IgnoreRules } from './ignore-rules.js';

/** File system types that are views of the kernel, not files anyone wrote. */
const PSEUDO_FILE_SYSTEMS = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf',
  'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'binfmt_misc', 'autofs', 'efivarfs', 'selinuxfs',
]);

/** Mount points of pseudo file systems, from the kernel's mount table (empty where there is none). */
function pseudoMountPoints(): Set<string> {
  let table: string;
  try {
    table = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return new Set();
  }
  const points = new Set<string>();
  for (const line of table.split('\n')) {
    const [, mountPoint, type] = line.split(' ');
    // The table escapes spaces and other bytes in paths as octal (\040).
    if (mountPoint && type && PSEUDO_FILE_SYSTEMS.has(type)) points.add(mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}

export function walkFiles(root: string, rules: IgnoreRules): string[] {
  const files: string[] = [];
  const pseudo = pseudoMountPoints();
  const visit = (dirRel: string): void => {
    const dirAbs = dirRel ? path.join(root, dirRel) : root;
    let entries;
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to list
    }
    rules.noteDirectory(dirRel, entries.map((entry) => entry.name));
    for (const entry of entries) {
      const relPath = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (pseudo.has(path.join(root, relPath))) continue;
        if (!rules.isIgnored(relPath, true)) visit(relPath);
      } else if (!rules.isIgnored(relPath, false)) {
        files.push(relPath);
      }
    }
  };
  visit('');
  return files;
}
