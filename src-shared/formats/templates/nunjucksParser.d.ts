// Types for nunjucks' parser module alone: importing it skips nunjucks' file loaders (Node only).
declare module 'nunjucks/src/parser' {
  /** Parses a Nunjucks template into its node tree (nodes carry typename, lineno, colno). */
  export function parse(source: string, extensions?: unknown[], options?: unknown): unknown;
}
