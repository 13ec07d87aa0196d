// The task agent's code, copied where every user can read it. A task that dropped root loads that
// code again, with its own credentials, whenever it starts a thread (a worker) or a process (clone and
// exec, or exec): the project's own tree may be closed to it (a checkout in a private home or
// temporary directory, or made under umask 077). The copy holds the package.json (it makes .js files
// ES modules), the compiled modules the agent loads and the packages they import with their own
// dependencies; it is owned by root and writable by no one else.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const AGENT = fileURLToPath(new URL('../../host/task-agent.js', import.meta.url));

/** The module specifiers of static imports, re-exports and dynamic imports of literal names. */
const IMPORT = /\b(?:from|import)\s*\(?\s*(['"])([^'"]+)\1/g;

export interface AgentCode {
  /** The task agent's script inside the copy. */
  readonly script: string;
  remove(): void;
}

function copyFile(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** Copies a directory tree, symbolic links followed. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const kind = e.isSymbolicLink() ? statSync(src, { throwIfNoEntry: false }) : e;
    if (kind?.isDirectory()) copyTree(src, join(to, e.name));
    else if (kind?.isFile()) copyFile(src, join(to, e.name));
  }
}

/** Every file readable and every directory enterable by all, whatever the umask and the originals said. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) openToAll(join(dir, e.name));
    else chmodSync(join(dir, e.name), 0o644);
  }
}

/** The package a bare specifier names (`koffi`, `@scope/name`), or null for a built-in module. */
function packageName(spec: string): string | null {
  if (spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Where Node would find package `name` from package `dir`, if it is installed (optional ones may not be). */
function installed(dir: string, name: string): string | null {
  const paths = createRequire(join(dir, 'package.json')).resolve.paths(name) ?? [];
  for (const p of paths) if (existsSync(join(p, name, 'package.json'))) return join(p, name);
  return null;
}

/** The entry module, the modules it imports by relative path (theirs too), and the packages they name. */
function agentModules(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    for (const [, , spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const name = spec!.startsWith('.') ? null : packageName(spec!);
      if (spec!.startsWith('.')) visit(join(dirname(file), spec!));
      else if (name) packages.add(name);
    }
  };
  visit(entry);
  return { files: [...files], packages };
}

/** Copies the packages and their installed dependencies and optional dependencies, flat, into `modules`. */
function copyPackages(from: string, names: Iterable<string>, modules: string, done: Set<string>): void {
  for (const name of names) {
    if (done.has(name)) continue;
    const at = installed(from, name);
    if (!at) continue;
    done.add(name);
    copyTree(at, join(modules, name));
    const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
    copyPackages(at, deps, modules, done);
  }
}

export function stageAgentCode(): AgentCode {
  const dir = mkdtempSync(join(tmpdir(), 'semundo-agent-code-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const here = (file: string) => {
      const rel = relative(PACKAGE_ROOT, file);
      if (rel.startsWith('..')) throw new Error(`task agent code outside its package: ${file}`);
      return join(dir, rel);
    };
    copyFile(join(PACKAGE_ROOT, 'package.json'), here(join(PACKAGE_ROOT, 'package.json')));
    const { files, packages } = agentModules(AGENT);
    for (const f of files) copyFile(f, here(f));
    copyPackages(PACKAGE_ROOT, packages, join(dir, 'node_modules'), new Set());
    openToAll(dir);
  } catch (e) {
    remove();
    throw e;
  }
  return { script: join(dir, relative(PACKAGE_ROOT, AGENT)), remove };
}
