// The one error of image decoding: which field is wrong, and why.

/**
 * An image that cannot be accepted. `path` names the field, as in `body.namespaces[0].sets[3].sems[7].val`
 * ('' for the text as a whole); the message is the path, a colon and what is wrong with it.
 */
export class ImageError extends Error {
  override readonly name = 'ImageError';

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path === '' ? 'image' : path}: ${detail}`);
  }
}

/** A field's place in the image, built as the decoder goes down and rendered only when it fails. */
export interface Path {
  readonly up: Path | null;
  readonly key: string | number;
}

export function at(up: Path | null, key: string | number): Path {
  return { up, key };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function step(key: string | number, first: boolean): string {
  if (typeof key === 'number') return `[${key}]`;
  if (IDENTIFIER.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}

/** `body.namespaces[0].sets[3]`; keys that are not identifiers are quoted: `body["a b"]`. */
export function renderPath(p: Path | null): string {
  const keys: (string | number)[] = [];
  for (let q = p; q; q = q.up) keys.push(q.key);
  keys.reverse();
  return keys.map((k, i) => step(k, i === 0)).join('');
}

export function fail(path: Path | string | null, detail: string): never {
  throw new ImageError(typeof path === 'string' ? path : renderPath(path), detail);
}

function preview(v: unknown, depth: number): string {
  if (Array.isArray(v)) {
    if (depth > 2) return v.length > 0 ? '[...]' : '[]';
    const items = v.slice(0, 5).map((x) => preview(x, depth + 1));
    return `[${items.join(',')}${v.length > 5 ? ',...' : ''}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (depth > 2) return keys.length > 0 ? '{...}' : '{}';
    const o = v as Record<string, unknown>;
    const items = keys.slice(0, 5).map((k) => `${JSON.stringify(k)}:${preview(o[k], depth + 1)}`);
    return `{${items.join(',')}${keys.length > 5 ? ',...' : ''}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v === undefined) return 'nothing';
  return String(v);
}

/** A value as an error message shows it: JSON-like, a few levels and elements deep, cut short. */
export function show(v: unknown): string {
  const s = preview(v, 0);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
