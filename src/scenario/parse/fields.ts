// Reading the fields of one step object: each read names the field; fields nobody read are refused.
import type { Expr, Template } from '../scenario-types.js';
import { FieldError, kind, parseExpr, parseTemplate, type RefSink } from './values.js';

export const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_TEXT = 1 << 20;

export class Fields {
  private readonly used = new Set<string>(['do', 'id', 'repeat']);

  constructor(
    private readonly obj: Readonly<Record<string, unknown>>,
    private readonly what: string,
    readonly sink: RefSink,
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.obj, key);
  }

  private get(key: string): unknown {
    this.used.add(key);
    if (!this.has(key)) throw new FieldError(key, `missing (${this.what} needs it)`);
    return this.obj[key];
  }

  expr(key: string): Expr {
    return parseExpr(key, this.get(key), this.sink);
  }

  optExpr(key: string): Expr | undefined {
    return this.has(key) ? this.expr(key) : undefined;
  }

  exprList(key: string, max = 65536): Expr[] {
    const v = this.get(key);
    if (!Array.isArray(v)) throw new FieldError(key, `expected a list, got ${kind(v)}`);
    if (v.length > max) throw new FieldError(key, `more than ${max} elements`);
    return v.map((x, i) => parseExpr(`${key}[${i}]`, x, this.sink));
  }

  /** A task label (a name: letters, digits, _). */
  label(key: string): string {
    const v = this.get(key);
    if (typeof v !== 'string' || !LABEL.test(v))
      throw new FieldError(key, `expected a task label (letters, digits, _), got ${kind(v)}`);
    return v;
  }

  bool(key: string, dflt: boolean): boolean {
    if (!this.has(key)) return dflt;
    const v = this.get(key);
    if (typeof v !== 'boolean') throw new FieldError(key, `expected true or false, got ${kind(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.get(key);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      throw new FieldError(key, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${kind(v)}`);
    return v as T;
  }

  names(key: string, isName: (s: string) => boolean, what: string): string[] {
    const v = this.get(key);
    if (!Array.isArray(v)) throw new FieldError(key, `expected a list of ${what}, got ${kind(v)}`);
    if (v.length > 64) throw new FieldError(key, 'more than 64 elements');
    return v.map((x, i) => {
      if (typeof x !== 'string' || !isName(x))
        throw new FieldError(`${key}[${i}]`, `expected ${what}, got ${kind(x)}`);
      return x;
    });
  }

  template(key: string): Template {
    return parseTemplate(key, this.get(key), MAX_TEXT, this.sink);
  }

  raw(key: string): unknown {
    return this.get(key);
  }

  /** Refuses fields that no reader asked for. */
  finish(): void {
    for (const key of Object.keys(this.obj))
      if (!this.used.has(key)) throw new FieldError(key, `not a field of ${this.what}`);
  }
}
