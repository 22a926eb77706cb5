// The one code editor of the page: a Monaco editor bound to a string. Edits flow out through
// onChange, outside changes flow in as undoable edits; the model and listeners are disposed with
// the component. Template, chat message, partial, schema YAML, export payload and snippets.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { IS_MAC } from '../commands/useShortcuts';
import { debounce } from '../state/debounce';
import { updateDiagnostics } from './diagnostics';
import { claimEditorFocus } from './editorFocus';
import { HANDLEBARS_LANGUAGE_ID } from './handlebarsLanguage';
import { exitHint, getTabMovesFocus, installKeyboardExit, onTabMovesFocus } from './keyboardExit';
import { loadMonaco } from './loadMonaco';
import { completionNames, onCompletionNamesChanged } from './templateLanguage';
import { currentThemeName } from './themes';

/** Props of a code editor. */
export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** The accessible name of the editor's text area. */
  ariaLabel: string;
  /** Defaults to the Handlebars template language (with diagnostics). */
  language?: string;
  /** Grow with the content between these heights (px) instead of filling the parent. */
  autoHeight?: { min: number; max: number };
  readOnly?: boolean;
  /** Called once the editor exists (e.g. to focus it). */
  onReady?: (editor: Monaco.editor.IStandaloneCodeEditor) => void;
  /** Problems to underline (1-based ranges, like Monaco's). */
  markers?: readonly CodeMarker[];
  /** Shown while the editor is empty: what to type here. */
  placeholder?: string;
}

/** A problem to underline, 1-based like Monaco's ranges. */
export interface CodeMarker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
}

/** Bottom padding (px) of editable editors: the keyboard hint's line. */
const HINT_ROOM = 24;

/** Editable editors keep room for the hint below the text; views keep the usual padding. */
function paddingFor(readOnly: boolean): Monaco.editor.IEditorPaddingOptions | undefined {
  return readOnly ? EDITOR_OPTIONS.padding : { top: 6, bottom: HINT_ROOM };
}

/** The owner of the markers passed in as props (diagnostics of templates have their own). */
const MARKER_OWNER = 'pwb-props';

/** The monospace stack of the workbench (Monaco measures it, so no CSS variable). */
export const MONO_FONTS =
  "'JetBrains Mono', 'Cascadia Code', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/** Options shared by every editor: dense, calm, no minimap, wrapped prose. */
export const EDITOR_OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  wordWrap: 'on',
  fontSize: 13,
  lineHeight: 20,
  fontFamily: MONO_FONTS,
  scrollBeyondLastLine: false,
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
  tabSize: 2,
  padding: { top: 6, bottom: 6 },
  lineNumbersMinChars: 3,
  folding: false,
  overviewRulerLanes: 0,
  scrollbar: {
    verticalScrollbarSize: 10,
    horizontalScrollbarSize: 10,
    alwaysConsumeMouseWheel: false,
  },
  bracketPairColorization: { enabled: false },
  guides: { indentation: false },
  stickyScroll: { enabled: false },
  accessibilitySupport: 'auto',
};

/**
 * Options of template editors. Prose gets no word-based suggestions: Monaco would send each
 * keystroke to its worker, list the words of the whole template and rank them on the page, to
 * offer a popup of words nobody asked for; completion of variables, partials and helpers comes
 * from our own provider and stays.
 */
export const TEMPLATE_OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  wordBasedSuggestions: 'off',
};

/**
 * Read-only JSON is highlighted with the JavaScript tokenizer: a view needs only the colours,
 * not the JSON language service's validation and its worker.
 */
function modelLanguage(language: string, readOnly: boolean): string {
  return readOnly && language === 'json' ? 'javascript' : language;
}

/** A Monaco editor (loaded lazily; a plain placeholder shows meanwhile). */
export function CodeEditor(props: CodeEditorProps) {
  const {
    value,
    ariaLabel,
    language = HANDLEBARS_LANGUAGE_ID,
    autoHeight,
    readOnly = false,
    markers,
    placeholder,
  } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof Monaco | null>(null);
  const external = useRef(false);
  // A text known to equal the model's, so the 20 KB template the store hands back after each
  // keystroke is recognised by identity instead of being compared with a fresh getValue().
  const known = useRef<string | null>(null);
  const [ready, setReady] = useState(false);
  // Focus in the text, and the page's tab-focus mode: what the keyboard hint shows.
  const [focused, setFocused] = useState(false);
  const [tabMovesFocus, setTabMovesFocusShown] = useState(getTabMovesFocus);

  const changed = useEffectEvent((text: string) => props.onChange?.(text));
  const ariaLabelAtCreation = useEffectEvent(() => ariaLabel);
  const created = useEffectEvent((editor: Monaco.editor.IStandaloneCodeEditor) =>
    props.onReady?.(editor),
  );

  /** Builds the editor with the props of the moment; later changes go through the effects below. */
  const create = useEffectEvent((monaco: typeof Monaco, element: HTMLDivElement): (() => void) => {
    const template = language === HANDLEBARS_LANGUAGE_ID;
    const model = monaco.editor.createModel(value, modelLanguage(language, readOnly));
    const editor = monaco.editor.create(element, {
      ...EDITOR_OPTIONS,
      ...(template ? TEMPLATE_OPTIONS : {}),
      model,
      ariaLabel,
      readOnly,
      placeholder,
      renderLineHighlight: readOnly ? 'none' : 'line',
      theme: currentThemeName(),
      tabFocusMode: getTabMovesFocus(),
      // Room below the text for the keyboard hint, so it never covers the last line.
      padding: paddingFor(readOnly),
      lineNumbers: autoHeight ? 'off' : 'on',
      glyphMargin: false,
      scrollbar: autoHeight
        ? { ...EDITOR_OPTIONS.scrollbar, vertical: 'auto', handleMouseWheel: true }
        : EDITOR_OPTIONS.scrollbar,
    });
    editorRef.current = editor;
    monacoRef.current = monaco;
    known.current = value;
    const diagnose = debounce(() => {
      if (model.isDisposed() || model.getLanguageId() !== HANDLEBARS_LANGUAGE_ID) return;
      updateDiagnostics(monaco, model, new Set(completionNames().partials));
    }, 150);
    const changes = model.onDidChangeContent(() => {
      diagnose.schedule();
      if (external.current) return;
      known.current = model.getValue();
      changed(known.current);
    });
    if (template) updateDiagnostics(monaco, model, new Set(completionNames().partials));
    // A partial created (or deleted) in the library changes what the markers should say.
    const namesChanged = template ? onCompletionNamesChanged(() => diagnose.schedule()) : null;
    const leaving = installKeyboardExit(element, IS_MAC);
    const focus = editor.onDidFocusEditorText(() => setFocused(true));
    const blur = editor.onDidBlurEditorText(() => setFocused(false));
    const mode = onTabMovesFocus((value) => {
      editor.updateOptions({ tabFocusMode: value });
      setTabMovesFocusShown(value);
    });
    let sizing: Monaco.IDisposable | null = null;
    if (autoHeight) {
      const fit = (): void => {
        const height = Math.min(
          autoHeight.max,
          Math.max(autoHeight.min, editor.getContentHeight()),
        );
        element.style.height = `${height}px`;
      };
      sizing = editor.onDidContentSizeChange(fit);
      fit();
    }
    return () => {
      namesChanged?.();
      diagnose.cancel();
      leaving();
      focus.dispose();
      blur.dispose();
      mode();
      changes.dispose();
      sizing?.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  });

  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | null = null;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      dispose = create(monaco, host.current);
      setReady(true);
      if (!editorRef.current) return;
      created(editorRef.current);
      // An action that made this editor asked for the cursor to be here (see editorFocus).
      if (claimEditorFocus(ariaLabelAtCreation())) editorRef.current.focus();
    });
    return () => {
      disposed = true;
      dispose?.();
    };
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || value === known.current || model.getValue() === value) return;
    external.current = true;
    try {
      // A view is simply replaced; an edited text gets an undoable edit (restore, discard,
      // rebase), not a reset.
      if (readOnly) model.setValue(value);
      else {
        model.pushEditOperations(
          [],
          [{ range: model.getFullModelRange(), text: value }],
          () => null,
        );
      }
      known.current = value;
    } finally {
      external.current = false;
    }
  }, [value, readOnly, ready]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    const monaco = monacoRef.current;
    if (!model || !monaco) return;
    const wanted = modelLanguage(language, readOnly);
    if (model.getLanguageId() !== wanted) monaco.editor.setModelLanguage(model, wanted);
  }, [language, readOnly, ready]);

  useEffect(() => {
    editorRef.current?.updateOptions({
      readOnly,
      ariaLabel,
      placeholder,
      renderLineHighlight: readOnly ? 'none' : 'line',
      padding: paddingFor(readOnly),
    });
  }, [readOnly, ariaLabel, placeholder, ready]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    const monaco = monacoRef.current;
    if (!model || !monaco) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      (markers ?? []).map((marker) => ({ ...marker, severity: monaco.MarkerSeverity.Error })),
    );
  }, [markers, ready]);

  return (
    <div
      ref={host}
      className={`code-editor ${autoHeight ? 'code-editor--auto' : 'code-editor--fill'}`}
      style={autoHeight ? { height: autoHeight.min } : undefined}
      data-ready={ready || undefined}
    >
      {ready ? null : <div className="code-editor__loading">Loading editor…</div>}
      {ready && !readOnly ? (
        <div
          className={`code-editor__hint ${focused ? 'code-editor__hint--shown' : ''}`}
          aria-live="polite"
        >
          {exitHint(tabMovesFocus, IS_MAC)}
        </div>
      ) : null}
    </div>
  );
}
