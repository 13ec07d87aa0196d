// The canonical encoding of images: JSON, object keys sorted at every level, no whitespace.

/** The keys in UTF-16 code unit order (JavaScript's default string order); most come sorted already. */
function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

/** Thrown on what JSON cannot hold; each level adds its key on the way out. */
class Unencodable {
  readonly keys: (string | number)[] = [];
  constructor(readonly what: string) {}
}

/** One encoding; strings are built bottom-up and joined per array and object, which keeps GC cheap. */
class Encoder {
  /** JSON.stringify of each key seen: the same few keys come back thousands of times. */
  private readonly quoted = new Map<string, string>();

  private quote(k: string): string {
    let q = this.quoted.get(k);
    if (q === undefined) this.quoted.set(k, (q = JSON.stringify(k)));
    return q;
  }

  private array(a: readonly unknown[]): string {
    const parts = new Array<string>(a.length);
    for (let i = 0; i < a.length; i++) {
      try {
        parts[i] = this.value(a[i]);
      } catch (e) {
        if (e instanceof Unencodable) e.keys.push(i);
        throw e;
      }
    }
    return `[${parts.join(',')}]`;
  }

  private object(o: Record<string, unknown>): string {
    const keys = sortedKeys(o);
    const parts = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      try {
        parts[i] = `${this.quote(k)}:${this.value(o[k])}`;
      } catch (e) {
        if (e instanceof Unencodable) e.keys.push(k);
        throw e;
      }
    }
    return `{${parts.join(',')}}`;
  }

  value(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        if (!Number.isFinite(v)) throw new Unencodable(`is ${v}, which JSON cannot hold`);
        // Number#toString, as JSON.stringify writes numbers; -0 becomes "0"
        return String(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object':
        if (v === null) return 'null';
        return Array.isArray(v) ? this.array(v) : this.object(v as Record<string, unknown>);
      default:
        throw new Unencodable(`is a ${typeof v}, which JSON cannot hold`);
    }
  }
}

/**
 * The canonical JSON text of a JSON value: object keys sorted (by UTF-16 code units) at every level,
 * no whitespace, strings and numbers as JSON.stringify writes them (-0 as 0). The same value always
 * gives the same text. Throws a TypeError for what JSON cannot hold (undefined, NaN, Infinity,
 * functions, bigints, symbols).
 */
export function canonicalJson(value: unknown): string {
  try {
    return new Encoder().value(value);
  } catch (e) {
    if (!(e instanceof Unencodable)) throw e;
    const where = e.keys
      .reverse()
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
      .join('')
      .replace(/^\./, '');
    throw new TypeError(`canonicalJson: ${where === '' ? 'the value' : where} ${e.what}`, { cause: e });
  }
}
