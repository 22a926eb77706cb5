// Monaco's diff editor, side by side and read-only, over two texts.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { EDITOR_OPTIONS } from './CodeEditor';
import { HANDLEBARS_LANGUAGE_ID } from './handlebarsLanguage';
import { loadMonaco } from './loadMonaco';
import { currentThemeName } from './themes';

/** Props of a diff view. */
export interface DiffEditorProps {
  original: string;
  modified: string;
  language?: string;
  /** Accessible name of the pair, e.g. "Template 1.0.0 → 1.1.0". */
  ariaLabel: string;
}

/** A read-only side-by-side diff; models are replaced when the texts change. */
export function DiffEditor({
  original,
  modified,
  language = HANDLEBARS_LANGUAGE_ID,
  ariaLabel,
}: DiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [monaco, setMonaco] = useState<typeof Monaco | null>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((loaded) => {
      if (disposed || !host.current) return;
      editorRef.current = loaded.editor.createDiffEditor(host.current, {
        ...EDITOR_OPTIONS,
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        renderOverviewRuler: false,
        enableSplitViewResizing: true,
        ignoreTrimWhitespace: false,
        theme: currentThemeName(),
      });
      // Name each side's text area (the diff options alone leave them unnamed).
      editorRef.current.getOriginalEditor().updateOptions({ ariaLabel: `${ariaLabel} (before)` });
      editorRef.current.getModifiedEditor().updateOptions({ ariaLabel: `${ariaLabel} (after)` });
      setMonaco(loaded);
    });
    return () => {
      disposed = true;
      const editor = editorRef.current;
      const model = editor?.getModel();
      editor?.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      editorRef.current = null;
    };
  }, [ariaLabel]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!monaco || !editor) return;
    const previous = editor.getModel();
    editor.setModel({
      original: monaco.editor.createModel(original, language),
      modified: monaco.editor.createModel(modified, language),
    });
    previous?.original.dispose();
    previous?.modified.dispose();
  }, [monaco, original, modified, language]);

  return (
    <div
      ref={host}
      className="code-editor code-editor--fill"
      data-ready={monaco ? true : undefined}
    >
      {monaco ? null : <div className="code-editor__loading">Loading diff…</div>}
    </div>
  );
}
