import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/core/json-syntax.js';

describe('jsonErrorOffset', () => {
  it('finds nothing wrong in JSON, however deep', () => {
    for (const text of ['{}', ' [] ', '0', '"\\u00e9\\n"', '[1,-2.5e3,{"a":[true,false,null]}]\n'])
      expect(jsonErrorOffset(text), text).toBeUndefined();
    expect(jsonErrorOffset(`${'['.repeat(1e5)}${']'.repeat(1e5)}`)).toBeUndefined();
  });

  it('finds where JSON.parse failed, also where its message does not say', () => {
    for (const text of [
      '{bad',
      '{"a":1,}',
      '{"a":1}\n\n  x',
      '{"a" 1}',
      '[1 2]',
      '01',
      '{"a": "b\nc"}',
      '"abc',
    ]) {
      const said = /at position (\d+)/.exec(errorOf(text))?.[1];
      expect(jsonErrorOffset(text), text).toBe(Number(said));
    }
    // "Unexpected token '}', "[1,\n2,\n}" is not valid JSON", "Unexpected end of JSON input".
    expect(jsonErrorOffset('[1,\n2,\n}')).toBe(7);
    expect(jsonErrorOffset('[,]')).toBe(1);
    expect(jsonErrorOffset('bad')).toBe(0);
    expect(jsonErrorOffset('{"a":\n')).toBe(6);
    expect(jsonErrorOffset('')).toBe(0);
  });
});

function errorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is JSON`);
}
