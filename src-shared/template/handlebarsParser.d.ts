// Types for the parser-only entry of the handlebars package, which ships no typings for it.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  import type Handlebars from 'handlebars';

  /** Parses and applies whitespace control (`~`, standalone lines). */
  export const parse: typeof Handlebars.parse;

  /** Parses without whitespace control: the tree as written. */
  export const parseWithoutProcessing: typeof Handlebars.parseWithoutProcessing;

  /** The jison parser; its lexer keeps the position of the last token after a failure. */
  export const parser: {
    lexer: {
      yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number };
      match?: string;
    };
  };
}
