// Editor themes matching the workbench's light and dark palettes, following the OS setting.
import type { editor } from 'monaco-editor/editor/editor.api';

/** Monaco theme names for each colour scheme. */
export const THEME_NAMES = { light: 'pwb-light', dark: 'pwb-dark' } as const;

type Scheme = keyof typeof THEME_NAMES;

/** One row of the token table: a token's colour in each scheme and its style in both. */
type TokenStyle = [token: string, light: string, dark: string, fontStyle?: string];

const TOKENS: readonly TokenStyle[] = [
  ['delimiter.handlebars', '8250df', 'c297ff'],
  ['keyword.block', 'af00db', 'ff7ad9', 'bold'],
  ['type.partial', '0a7f6f', '4fd1c5', 'underline'],
  ['variable', '0550ae', '79c0ff'],
  ['variable.predefined', '953800', 'ffa657'],
  ['attribute.name', '116329', '7ee787'],
  ['keyword.constant', '0550ae', '79c0ff', 'italic'],
  ['comment', '6e7781', '8b949e', 'italic'],
  ['string', '0a3069', 'a5d6ff'],
  ['number', '116329', '7ee787'],
  ['invalid', 'cf222e', 'ff7b72'],
];

/** The editor's own surfaces per scheme; the gutter shares the background. */
const SURFACES: Record<Scheme, { background: string; lineHighlight: string; lineNumber: string }> =
  {
    light: { background: '#ffffff', lineHighlight: '#f6f8fa', lineNumber: '#8c959f' },
    dark: { background: '#1b1d23', lineHighlight: '#23262e', lineNumber: '#5c6370' },
  };

/** Builds one scheme's theme from the shared tables. */
function themeFor(scheme: Scheme): editor.IStandaloneThemeData {
  const surface = SURFACES[scheme];
  return {
    base: scheme === 'light' ? 'vs' : 'vs-dark',
    inherit: true,
    rules: TOKENS.map(([token, light, dark, fontStyle]) => ({
      token,
      foreground: scheme === 'light' ? light : dark,
      ...(fontStyle ? { fontStyle } : {}),
    })),
    colors: {
      'editor.background': surface.background,
      'editor.lineHighlightBackground': surface.lineHighlight,
      'editorLineNumber.foreground': surface.lineNumber,
      'editorGutter.background': surface.background,
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
