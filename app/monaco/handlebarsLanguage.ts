// The Handlebars language for prompt templates: a Monarch tokenizer over prose (not HTML).
import type { languages } from 'monaco-editor/editor/editor.api';

/** The Monaco language id of prompt templates. */
export const HANDLEBARS_LANGUAGE_ID = 'pwb-handlebars';

/** Brackets, auto-closing and comments: `{{` closes with `}}`, Ctrl+/ writes `{{!-- --}}`. */
export const handlebarsConfiguration: languages.LanguageConfiguration = {
  comments: { blockComment: ['{{!--', '--}}'] },
  // `{{ }}` are tokens, not brackets: bracket-pair colours would drown the template's own colours.
  brackets: [['(', ')']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  wordPattern: /[A-Za-z_@][\w.-]*/,
};

/**
 * Tokens: `delimiter.handlebars` for braces, `keyword.block` for block helpers (`{{#if}}`,
 * `{{/if}}`, `{{else}}`), `type.partial` for `{{> name}}`, `variable` for paths,
 * `variable.predefined` for `this`, `@index`, `../`, `comment`, `string`, `number`.
 */
export const handlebarsTokens: languages.IMonarchLanguage = {
  defaultToken: '',
  ignoreCase: false,
  tokenizer: {
    root: [
      [/\{\{!--/, { token: 'comment', next: '@longComment' }],
      [/\{\{!/, { token: 'comment', next: '@comment' }],
      [/\{\{\{\{/, { token: 'delimiter.handlebars', next: '@expression' }],
      [/\{\{\{~?/, { token: 'delimiter.handlebars', next: '@expression' }],
      [/\{\{~?#\*?/, { token: 'delimiter.handlebars', next: '@blockName' }],
      [/\{\{~?\//, { token: 'delimiter.handlebars', next: '@blockName' }],
      [/\{\{~?>/, { token: 'delimiter.handlebars', next: '@partialName' }],
      [/\{\{~?\^/, { token: 'delimiter.handlebars', next: '@expression' }],
      [/\{\{~?(?=\s*else\b)/, { token: 'delimiter.handlebars', next: '@expression' }],
      [/\{\{~?&?/, { token: 'delimiter.handlebars', next: '@expression' }],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    longComment: [
      [/--~?\}\}/, { token: 'comment', next: '@pop' }],
      [/[^-]+/, 'comment'],
      [/-/, 'comment'],
    ],
    comment: [
      [/\}\}/, { token: 'comment', next: '@pop' }],
      [/[^}]+/, 'comment'],
      [/\}/, 'comment'],
    ],
    blockName: [
      [/\s+/, ''],
      [/[A-Za-z_][\w-]*/, { token: 'keyword.block', switchTo: '@expression' }],
      [/~?\}\}/, { token: 'delimiter.handlebars', next: '@pop' }],
      [/./, { token: '', switchTo: '@expression' }],
    ],
    partialName: [
      [/\s+/, ''],
      [/[A-Za-z0-9_][\w./-]*/, { token: 'type.partial', switchTo: '@expression' }],
      [/\(/, { token: 'delimiter.parenthesis', switchTo: '@expression' }],
      [/~?\}\}/, { token: 'delimiter.handlebars', next: '@pop' }],
    ],
    expression: [
      [/~?\}\}\}\}/, { token: 'delimiter.handlebars', next: '@pop' }],
      [/~?\}\}\}?/, { token: 'delimiter.handlebars', next: '@pop' }],
      [/\s+/, ''],
      [/\belse\b/, 'keyword.block'],
      [/\bas\s+\|[^|]*\|/, 'keyword.block'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/'(?:[^'\\]|\\.)*'/, 'string'],
      [/-?\d+(?:\.\d+)?/, 'number'],
      [/\b(?:true|false|null|undefined)\b/, 'keyword.constant'],
      [/@[A-Za-z_][\w]*/, 'variable.predefined'],
      [/\.\.\/|\bthis\b|\.\//, 'variable.predefined'],
      [/[A-Za-z_][\w-]*(?==)/, 'attribute.name'],
      [/=/, 'operator'],
      [/[()]/, 'delimiter.parenthesis'],
      [/[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.\[[^\]]*\])*/, 'variable'],
      [/\[[^\]]*\]/, 'variable'],
      [/./, 'invalid'],
    ],
  },
};
