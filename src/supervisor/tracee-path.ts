// fs/namei.c, in brief: the absolute path an open names for a thread — only as far as needed to tell
// whether it is one of the session's virtual /proc files.
import { readlinkSync } from 'node:fs';

const AT_FDCWD = -100;
/** The names of the virtual files (the last component of their paths). */
const VIRTUAL_NAMES = new Set(['sem', 'semundo', 'sem_next_id']);

/** "/a/./b//c/../d" → "/a/b/d" (no symlinks: /proc/self and friends are the model's to resolve). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function linkOf(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * The normalized absolute path of `raw` opened relative to `dirfd` by thread `tid`, when it may be a
 * virtual /proc file; null for every path that cannot be one (most opens stop at the first test).
 */
export function virtualCandidate(tid: number, dirfd: number, raw: string): string | null {
  const slash = raw.lastIndexOf('/');
  if (!VIRTUAL_NAMES.has(raw.slice(slash + 1))) return null;
  let abs: string;
  if (raw.startsWith('/')) abs = normalizePath(raw);
  else {
    const base = linkOf(dirfd === AT_FDCWD ? `/proc/${tid}/cwd` : `/proc/${tid}/fd/${dirfd}`);
    if (base === null || !base.startsWith('/')) return null;
    abs = normalizePath(`${base}/${raw}`);
  }
  return abs.startsWith('/proc/') ? abs : null;
}
