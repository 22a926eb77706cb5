// Editor themes matching the workbench's light and dark palettes, following the OS setting.
// Complete on purpose (no inherited rules): every token colour is listed here, so the contrast
// test in themes.test.ts checks every colour a person can see, on every background it can sit
// on (the editor, the current line, the diff's inserted and removed lines and characters).
import type { editor } from 'monaco-editor/editor/editor.api';

/** Monaco theme names for each colour scheme. */
export const THEME_NAMES = { light: 'pwb-light', dark: 'pwb-dark' } as const;

/** A colour scheme. */
export type Scheme = keyof typeof THEME_NAMES;

/** One row of the token table: a token's colour in each scheme and its style in both. */
type TokenStyle = [token: string, light: string, dark: string, fontStyle?: string];

/**
 * Token colours. Monaco matches a rule by prefix ('string' colours 'string.key.json' unless a
 * longer rule exists); the '' rule is the default text colour.
 */
const TOKENS: readonly TokenStyle[] = [
  ['', '1f2328', 'd7dae0'],
  // The template language (app/monaco/handlebarsLanguage.ts).
  ['delimiter.handlebars', '6639ba', 'd2a8ff'],
  ['keyword.block', '8a1a9b', 'ff8fe0', 'bold'],
  ['type.partial', '0b5f55', '4fd1c5', 'underline'],
  ['variable', '0550ae', '8cc8ff'],
  ['variable.predefined', '8a3300', 'ffa657'],
  ['attribute.name', '116329', '7ee787'],
  ['keyword.constant', '0550ae', '8cc8ff', 'italic'],
  // Shared with YAML, JSON, Python, TypeScript and JavaScript (schemas, payloads, snippets).
  ['comment', '4d5560', 'b0b7c1', 'italic'],
  ['string', '0a3069', 'a5d6ff'],
  ['string.key', '0550ae', '8cc8ff'],
  ['number', '116329', '7ee787'],
  ['keyword', 'a40e26', 'ff9492'],
  ['type', '8a3300', 'ffa657'],
  ['constant', '0550ae', '8cc8ff'],
  ['annotation', '6639ba', 'd2a8ff'],
  ['metatag', '6639ba', 'd2a8ff'],
  ['predefined', '6639ba', 'd2a8ff'],
  ['regexp', '0a3069', 'a5d6ff'],
  ['tag', '116329', '7ee787'],
  ['attribute.value', '0a3069', 'a5d6ff'],
  ['key', '8a3300', 'ffa657'],
  ['invalid', 'a40e26', 'ff9492'],
];

/** The editor's own surfaces per scheme; the gutter shares the background. */
export const SURFACES: Record<
  Scheme,
  { background: string; lineHighlight: string; lineNumber: string; activeLineNumber: string }
> = {
  light: {
    background: '#ffffff',
    lineHighlight: '#f6f8fa',
    lineNumber: '#636c76',
    activeLineNumber: '#1f2328',
  },
  dark: {
    background: '#1b1d23',
    lineHighlight: '#23262e',
    lineNumber: '#9198a1',
    activeLineNumber: '#d7dae0',
  },
};

/**
 * The diff's tints (#rrggbbaa, painted over the editor background): a whole changed line, and
 * the changed characters on top of it. Light enough that every token colour stays readable.
 */
export const DIFF_TINTS: Record<
  Scheme,
  { insertedLine: string; insertedText: string; removedLine: string; removedText: string }
> = {
  light: {
    insertedLine: '#2da44e1a',
    insertedText: '#2da44e33',
    removedLine: '#cf222e14',
    removedText: '#cf222e2b',
  },
  dark: {
    insertedLine: '#2ea04326',
    insertedText: '#2ea04333',
    removedLine: '#f8514924',
    removedText: '#f8514930',
  },
};

/** Builds one scheme's theme from the shared tables. */
function themeFor(scheme: Scheme): editor.IStandaloneThemeData {
  const surface = SURFACES[scheme];
  const tints = DIFF_TINTS[scheme];
  return {
    base: scheme === 'light' ? 'vs' : 'vs-dark',
    inherit: false,
    rules: TOKENS.map(([token, light, dark, fontStyle]) => ({
      token,
      foreground: scheme === 'light' ? light : dark,
      ...(fontStyle ? { fontStyle } : {}),
    })),
    colors: {
      'editor.background': surface.background,
      'editor.foreground': `#${scheme === 'light' ? TOKENS[0]?.[1] : TOKENS[0]?.[2]}`,
      'editor.lineHighlightBackground': surface.lineHighlight,
      'editorLineNumber.foreground': surface.lineNumber,
      'editorLineNumber.activeForeground': surface.activeLineNumber,
      'editorLineNumber.dimmedForeground': surface.lineNumber,
      'editorGutter.background': surface.background,
      'diffEditor.insertedLineBackground': tints.insertedLine,
      'diffEditor.insertedTextBackground': tints.insertedText,
      'diffEditor.removedLineBackground': tints.removedLine,
      'diffEditor.removedTextBackground': tints.removedText,
      'diffEditorGutter.insertedLineBackground': tints.insertedLine,
      'diffEditorGutter.removedLineBackground': tints.removedLine,
    },
  };
}

/** Registers both themes. */
export function defineThemes(define: (name: string, data: editor.IStandaloneThemeData) => void) {
  define(THEME_NAMES.light, themeFor('light'));
  define(THEME_NAMES.dark, themeFor('dark'));
}

/** The theme for the OS's current colour scheme. */
export function currentThemeName(): string {
  const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return dark ? THEME_NAMES.dark : THEME_NAMES.light;
}
