// printf(3) conversions ipcs uses (%-Nd, %-N.Ms, %#o, 0x%08x) and ctime(3), in local time.

/** %-Ns (left-justified in N), or %-N.Ms (at most M characters). */
export function left(v: string | number, width: number, max?: number): string {
  const s = String(v);
  return (max === undefined ? s : s.slice(0, max)).padEnd(width);
}

/** 0x%08x of an int. */
export function hexKey(key: number): string {
  return '0x' + (key >>> 0).toString(16).padStart(8, '0');
}

/** %o and %#o. */
export function octal(v: number, alternate = false): string {
  const s = (v >>> 0).toString(8);
  return alternate && v !== 0 ? '0' + s : s;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** ctime(3) without its newline: "Thu Dec  3 07:35:33 2026", in the local time zone (TZ). */
export function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`
  );
}
