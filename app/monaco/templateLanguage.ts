// Registers the template language once: tokens, themes, completion and what it completes from.
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { HELPER_DOCS } from '../../src-shared/template';
import { completionSite } from './completionContext';
import {
  HANDLEBARS_LANGUAGE_ID,
  handlebarsConfiguration,
  handlebarsTokens,
} from './handlebarsLanguage';
import { defineThemes } from './themes';

/** Names the completion offers, read fresh on every request. */
export interface CompletionNames {
  variables: readonly { name: string; detail: string }[];
  partials: readonly string[];
}

let source: () => CompletionNames = () => ({ variables: [], partials: [] });

/** Points completion at the open prompt's variables and the library's partials. */
export function setCompletionSource(next: () => CompletionNames): void {
  source = next;
}

const namesListeners = new Set<() => void>();

/** Calls `listener` whenever the names may have changed (a partial created); returns its undo. */
export function onCompletionNamesChanged(listener: () => void): () => void {
  namesListeners.add(listener);
  return () => namesListeners.delete(listener);
}

/** Says the library's names changed, so open editors check their partial references again. */
export function completionNamesChanged(): void {
  for (const listener of namesListeners) listener();
}

/** The names completion would offer right now (diagnostics use the partials). */
export function completionNames(): CompletionNames {
  return source();
}

function provideItems(
  monaco: typeof Monaco,
  model: Monaco.editor.ITextModel,
  position: Monaco.Position,
): Monaco.languages.CompletionList {
  const before = model.getValueInRange({
    startLineNumber: Math.max(1, position.lineNumber - 20),
    startColumn: 1,
    endLineNumber: position.lineNumber,
    endColumn: position.column,
  });
  const site = completionSite(before);
  if (site.kind === 'text') return { suggestions: [] };
  const word = model.getWordUntilPosition(position);
  const range = new monaco.Range(
    position.lineNumber,
    word.startColumn,
    position.lineNumber,
    word.endColumn,
  );
  const kinds = monaco.languages.CompletionItemKind;
  const names = source();
  if (site.kind === 'partial') {
    return {
      suggestions: names.partials.map((name) => ({
        label: name,
        kind: kinds.Module,
        detail: 'partial',
        insertText: name,
        range,
      })),
    };
  }
  if (site.kind === 'close') {
    return {
      suggestions: site.open
        ? [{ label: site.open, kind: kinds.Keyword, insertText: site.open, range }]
        : [],
    };
  }
  const helpers = HELPER_DOCS.filter((helper) => site.kind === 'expression' || helper.block).map(
    (helper) => ({
      label: helper.name,
      kind: kinds.Function,
      detail: helper.signature,
      documentation: helper.description,
      insertText: helper.name,
      sortText: `2${helper.name}`,
      range,
    }),
  );
  if (site.kind === 'block') return { suggestions: helpers };
  const variables = names.variables.map((variable) => ({
    label: variable.name,
    kind: kinds.Variable,
    detail: variable.detail,
    insertText: variable.name,
    sortText: `1${variable.name}`,
    range,
  }));
  return { suggestions: [...variables, ...helpers] };
}

let registered = false;

/** Registers the language, its themes and completion (idempotent). */
export function registerTemplateLanguage(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: HANDLEBARS_LANGUAGE_ID, aliases: ['Handlebars prompt'] });
  monaco.languages.setLanguageConfiguration(HANDLEBARS_LANGUAGE_ID, handlebarsConfiguration);
  monaco.languages.setMonarchTokensProvider(HANDLEBARS_LANGUAGE_ID, handlebarsTokens);
  monaco.languages.registerCompletionItemProvider(HANDLEBARS_LANGUAGE_ID, {
    triggerCharacters: ['{', '>', '#', '/', ' ', '('],
    provideCompletionItems: (model, position) => provideItems(monaco, model, position),
  });
  defineThemes((name, data) => monaco.editor.defineTheme(name, data));
}
