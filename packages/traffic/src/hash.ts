/**
 * Short, fast, non-cryptographic hash (32-bit FNV-1a, 8 hex digits) of a cookie value.
 * Histories must never hold session ids, only something to compare them by; collisions are
 * rare enough at the scale of one run, and this costs far less than a crypto digest per request.
 */
export function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
