// Editor themes matching the workbench's light and dark palettes, following the OS setting.
import type { editor } from 'monaco-editor/editor/editor.api';

/** Monaco theme names for each colour scheme. */
export const THEME_NAMES = { light: 'pwb-light', dark: 'pwb-dark' } as const;

const light: editor.IStandaloneThemeData = {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'delimiter.handlebars', foreground: '8250df' },
    { token: 'keyword.block', foreground: 'af00db', fontStyle: 'bold' },
    { token: 'type.partial', foreground: '0a7f6f', fontStyle: 'underline' },
    { token: 'variable', foreground: '0550ae' },
    { token: 'variable.predefined', foreground: '953800' },
    { token: 'attribute.name', foreground: '116329' },
    { token: 'keyword.constant', foreground: '0550ae', fontStyle: 'italic' },
    { token: 'comment', foreground: '6e7781', fontStyle: 'italic' },
    { token: 'string', foreground: '0a3069' },
    { token: 'number', foreground: '116329' },
    { token: 'invalid', foreground: 'cf222e' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#f6f8fa',
    'editorLineNumber.foreground': '#8c959f',
    'editorGutter.background': '#ffffff',
  },
};

const dark: editor.IStandaloneThemeData = {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'delimiter.handlebars', foreground: 'c297ff' },
    { token: 'keyword.block', foreground: 'ff7ad9', fontStyle: 'bold' },
    { token: 'type.partial', foreground: '4fd1c5', fontStyle: 'underline' },
    { token: 'variable', foreground: '79c0ff' },
    { token: 'variable.predefined', foreground: 'ffa657' },
    { token: 'attribute.name', foreground: '7ee787' },
    { token: 'keyword.constant', foreground: '79c0ff', fontStyle: 'italic' },
    { token: 'comment', foreground: '8b949e', fontStyle: 'italic' },
    { token: 'string', foreground: 'a5d6ff' },
    { token: 'number', foreground: '7ee787' },
    { token: 'invalid', foreground: 'ff7b72' },
  ],
  colors: {
    'editor.background': '#1b1d23',
    'editor.lineHighlightBackground': '#23262e',
    'editorLineNumber.foreground': '#5c6370',
    'editorGutter.background': '#1b1d23',
  },
};

/** Registers both themes. */
export function defineThemes(define: (name: string, data: editor.IStandaloneThemeData) => void) {
  define(THEME_NAMES.light, light);
  define(THEME_NAMES.dark, dark);
}

/** The theme for the OS's current colour scheme. */
export function currentThemeName(): string {
  const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return dark ? THEME_NAMES.dark : THEME_NAMES.light;
}
