import { CST, Lexer } from 'yaml';

/** Tokens that are layout, not data: spaces, line breaks, comments and document markers. */
const LAYOUT = new Set<string>([
  'space',
  'newline',
  'comment',
  'byte-order-mark',
  'doc-mode',
  'doc-start',
  'doc-end',
  'directive-line',
]);

/**
 * The tokens of YAML text that make its data (each scalar, `-`, `:`, `,` and bracket; not its
 * spaces, line breaks and comments), counted by the yaml library's lexer, which builds nothing and
 * holds one token at a time. The count stops past `limit` (it is then `limit + 1`), so a huge file
 * costs no more than a small one. Parsing builds a tree in proportion to these tokens (some 400 bytes
 * each, with the yaml library's concrete syntax tree), so a file can be refused by its count before
 * the parser fills memory with it.
 */
export function yamlTokens(text: string, limit: number): number {
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    // A plain scalar's text follows its marker token, and has no type of its own: not counted twice.
    const type = CST.tokenType(token);
    if (type === null || LAYOUT.has(type)) continue;
    if (++count > limit) return count;
  }
  return count;
}
