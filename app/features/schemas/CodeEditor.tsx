// A Monaco editor as a React component: one model per mount, markers, disposed on unmount.
// (Shared by the Schemas, Partials and Export panels; it belongs in app/monaco/ if U1 wants it.)
import { useEffect, useRef } from 'react';
import { monaco } from '../../monaco/monaco';
import { currentThemeName } from '../../monaco/themes';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';

/** A problem to underline, 1-based like Monaco's ranges. */
export interface CodeMarker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
}

/** Props of a code editor. */
export interface CodeEditorProps {
  value: string;
  language: string;
  /** The accessible name of the editor's text area. */
  label: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  markers?: readonly CodeMarker[];
  className?: string;
}

const MARKER_OWNER = 'pwb-panel';

/**
 * Read-only JSON is highlighted with the JavaScript tokenizer: the JSON language service loads
 * a chunk that registers editor services after Monaco has started, and every editor created
 * afterwards throws "depends on UNKNOWN service". Highlighting is all a read-only view needs.
 */
function languageFor(language: string, readOnly: boolean): string {
  return readOnly && language === 'json' ? 'javascript' : language;
}

/** A Monaco editor filling its container; external `value` changes replace the text. */
export function CodeEditor({
  value,
  language,
  label,
  onChange,
  readOnly = false,
  markers,
  className,
}: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  // Set while we write the model ourselves, so our own write is not reported as a user edit.
  const applying = useRef(false);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const model = monaco.editor.createModel(value, languageFor(language, readOnly));
    const editor = monaco.editor.create(host, {
      model,
      readOnly,
      ariaLabel: label,
      theme: currentThemeName(),
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      lineNumbersMinChars: 3,
      tabSize: 2,
      renderLineHighlight: readOnly ? 'none' : 'line',
      wordWrap: 'on',
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    const subscription = model.onDidChangeContent(() => {
      if (!applying.current) changeRef.current?.(model.getValue());
    });
    return () => {
      subscription.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // Created once per mount; the effects below apply later prop changes.
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === value) return;
    applying.current = true;
    try {
      if (readOnly) {
        model.setValue(value);
      } else {
        // An edit operation keeps undo history, unlike setValue.
        editorRef.current?.executeEdits('pwb', [{ range: model.getFullModelRange(), text: value }]);
      }
    } finally {
      applying.current = false;
    }
  }, [value, readOnly]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, languageFor(language, readOnly));
  }, [language, readOnly]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel: label });
  }, [readOnly, label]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      (markers ?? []).map((marker) => ({ ...marker, severity: monaco.MarkerSeverity.Error })),
    );
  }, [markers]);

  return <div ref={hostRef} className={`code-editor ${className ?? ''}`} />;
}
