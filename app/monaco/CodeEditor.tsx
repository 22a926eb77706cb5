// A Monaco editor bound to a string: edits flow out through onChange, outside changes flow in
// as undoable edits; the model and listeners are disposed with the component.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { debounce } from '../state/debounce';
import { updateDiagnostics } from './diagnostics';
import { HANDLEBARS_LANGUAGE_ID } from './handlebarsLanguage';
import { loadMonaco } from './loadMonaco';
import { completionNames } from './templateLanguage';
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
}

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

/** A Monaco editor (loaded lazily; a plain placeholder shows meanwhile). */
export function CodeEditor(props: CodeEditorProps) {
  const { value, ariaLabel, language = HANDLEBARS_LANGUAGE_ID, autoHeight, readOnly } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const external = useRef(false);
  // A text known to equal the model's, so the 20 KB template the store hands back after each
  // keystroke is recognised by identity instead of being compared with a fresh getValue().
  const known = useRef<string | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    const cleanups: (() => void)[] = [];
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const model = monaco.editor.createModel(latest.current.value, language);
      const editor = monaco.editor.create(host.current, {
        ...EDITOR_OPTIONS,
        ...(language === HANDLEBARS_LANGUAGE_ID ? TEMPLATE_OPTIONS : {}),
        model,
        ariaLabel,
        readOnly,
        theme: currentThemeName(),
        lineNumbers: autoHeight ? 'off' : 'on',
        glyphMargin: false,
        scrollbar: autoHeight
          ? { ...EDITOR_OPTIONS.scrollbar, vertical: 'auto', handleMouseWheel: true }
          : EDITOR_OPTIONS.scrollbar,
      });
      editorRef.current = editor;
      const diagnose = debounce(() => {
        if (model.isDisposed()) return;
        updateDiagnostics(monaco, model, new Set(completionNames().partials));
      }, 150);
      if (language === HANDLEBARS_LANGUAGE_ID) diagnose.flush();
      const changes = model.onDidChangeContent(() => {
        if (language === HANDLEBARS_LANGUAGE_ID) diagnose.schedule();
        if (external.current) return;
        known.current = model.getValue();
        latest.current.onChange?.(known.current);
      });
      if (language === HANDLEBARS_LANGUAGE_ID) {
        updateDiagnostics(monaco, model, new Set(completionNames().partials));
      }
      let sizing: Monaco.IDisposable | null = null;
      if (autoHeight && host.current) {
        const element = host.current;
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
      cleanups.push(() => {
        diagnose.cancel();
        changes.dispose();
        sizing?.dispose();
        editor.dispose();
        model.dispose();
        editorRef.current = null;
      });
      setReady(true);
      latest.current.onReady?.(editor);
    });
    return () => {
      disposed = true;
      for (const cleanup of cleanups) cleanup();
    };
    // Built once per mount; value changes are applied by the effect below.
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || value === known.current || model.getValue() === value) return;
    // An outside change (restore, discard, rebase): an undoable edit, not a reset.
    external.current = true;
    try {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
      known.current = value;
    } finally {
      external.current = false;
    }
  }, [value, ready]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly]);

  return (
    <div
      ref={host}
      className={`code-editor ${autoHeight ? 'code-editor--auto' : 'code-editor--fill'}`}
      style={autoHeight ? { height: autoHeight.min } : undefined}
      data-ready={ready || undefined}
    >
      {ready ? null : <div className="code-editor__loading">Loading editor…</div>}
    </div>
  );
}
