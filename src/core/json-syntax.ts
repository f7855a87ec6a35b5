/** A JSON number, as the grammar of RFC 8259 has it, read where it starts. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPED = '"\\/bfnrt';
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * The offset of the first character at which `text` stops being JSON (RFC 8259; the end of the
 * text when it stops short), or undefined when it is JSON: where `JSON.parse` failed, which its
 * message does not always say ("Unexpected token '}', … is not valid JSON"). It keeps its own stack
 * of brackets, so that no depth of nesting can make it recurse.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  /** Reads a string at i; false, with i at the fault, if there is none. */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return false;
          i += 5;
        } else if (next !== undefined && ESCAPED.includes(next)) i++;
        else return false;
      }
    }
    return false;
  };
  /** Reads `"name":` at i; false, with i at the fault, if it is not there. */
  const name = (): boolean => {
    space();
    if (!string()) return false;
    space();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  const open: string[] = [];
  for (;;) {
    // A value.
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      space();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        if (c === '{' && !name()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (word !== undefined) i += word.length;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
      }
    }
    // What may follow it: a comma and the next value, the end of a list or object, or the end.
    for (;;) {
      space();
      const within = open.at(-1);
      if (within === undefined) return i < n ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (within === '{' && !name()) return i;
        break;
      }
      if (text[i] !== (within === '{' ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}
