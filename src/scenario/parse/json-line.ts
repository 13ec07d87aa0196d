// One line of a scenario file as JSON (RFC 8259), with the integers of the fields that take more than a
// double holds exactly (`timeout_ns`) kept exact as bigints instead of rounded as JSON.parse rounds them.

/** Top-level fields whose integers are read exactly, whatever their size. */
const EXACT_FIELDS: ReadonlySet<string> = new Set(['timeout_ns']);
/** Longer integers are left as JSON.parse reads them (no field takes them; they are refused as such). */
const MAX_DIGITS = 40;
const NUMBER = /-?(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?/y;

interface Span {
  start: number;
  end: number;
  value: bigint;
}

/** JSON.parse's value of `text` (its SyntaxError if invalid), exact where EXACT_FIELDS need it. */
export function parseJsonLine(text: string): unknown {
  const plain: unknown = JSON.parse(text);
  if (!mayBeRounded(plain)) return plain;
  const spans = inexactIntegers(text);
  if (spans.length === 0) return plain;
  // NUL can only be written \u0000 in JSON text: no string of the line starts with more of them.
  const longest = (text.match(/(?:\\u0000)+/g) ?? []).reduce((n, r) => Math.max(n, r.length / 6), 0);
  const marker = `${'\u0000'.repeat(longest + 1)}int:`;
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += `${text.slice(last, s.start)}${JSON.stringify(marker + s.value.toString())}`;
    last = s.end;
  }
  out += text.slice(last);
  return JSON.parse(out, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(marker) ? BigInt(v.slice(marker.length)) : v,
  );
}

/** True when an EXACT_FIELDS value is a number beyond the safe integers (which JSON.parse may have rounded). */
function mayBeRounded(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return [...EXACT_FIELDS].some(
    (k) => Object.hasOwn(o, k) && typeof o[k] === 'number' && !Number.isSafeInteger(o[k]),
  );
}

/** The numbers of EXACT_FIELDS (values of the top-level object) that are integers a double cannot hold. */
function inexactIntegers(text: string): Span[] {
  const out: Span[] = [];
  let depth = 0;
  /** At depth 1: inside the top-level object, and whether the next string is a key. */
  let inObject = false;
  let wantKey = false;
  let key: string | null = null;
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && wantKey) {
        key = JSON.parse(text.slice(i, end)) as string;
        wantKey = false;
      }
      i = end;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      const v = depth === 1 && key !== null && EXACT_FIELDS.has(key) ? exactInteger(m) : null;
      if (v !== null && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)))
        out.push({ start: i, end: NUMBER.lastIndex, value: v });
      i = NUMBER.lastIndex;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) inObject = wantKey = c === '{';
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) {
      wantKey = inObject;
      key = null;
    }
    i++;
  }
  return out;
}

/** Just past the closing quote of the string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The exact value of a number token when it is an integer of at most MAX_DIGITS digits, else null. */
function exactInteger(m: RegExpExecArray): bigint | null {
  const frac = m[2] ?? '';
  let digits = `${m[1]}${frac}`.replace(/^0+/, '');
  if (digits === '') return null;
  let shift = Number(m[3] ?? 0) - frac.length;
  if (shift < 0) {
    let zeros = 0;
    while (zeros < -shift && digits[digits.length - 1 - zeros] === '0') zeros++;
    digits = digits.slice(0, digits.length - zeros);
    shift += zeros;
  }
  if (shift < 0 || digits.length + shift > MAX_DIGITS) return null;
  const v = BigInt(digits) * 10n ** BigInt(shift);
  return m[0].startsWith('-') ? -v : v;
}
