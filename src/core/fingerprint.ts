/**
 * A 64-bit fingerprint of a text, as 16 hex digits: two 32-bit FNV-1a lanes with different offsets
 * over its UTF-16 code units. Not a cryptographic hash: it tells apart the scenarios a snapshot may
 * be of, in any JavaScript host (Node's crypto is not in the browser, and the browser's is async).
 */
export function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
