// getpwuid(3) and getgrgid(3), as ipcs uses them: names from /etc/passwd and /etc/group.
import { readFileSync } from 'node:fs';

function table(path: string): Map<number, string> {
  const out = new Map<number, string>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]!)) continue;
    const id = Number(f[2]);
    if (!out.has(id)) out.set(id, f[0]!);
  }
  return out;
}

let users: Map<number, string> | null = null;
let groups: Map<number, string> | null = null;

export function userName(uid: number): string | undefined {
  return (users ??= table('/etc/passwd')).get(uid);
}

export function groupName(gid: number): string | undefined {
  return (groups ??= table('/etc/group')).get(gid);
}
