// Monaco's diff editor, side by side: read-only between two versions, or with the right side
// editable (a merge being resolved), its conflict blocks marked.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { conflictBlocks } from '../../src-shared/merge/mergePrompt';
import { IS_MAC } from '../commands/useShortcuts';
import { EDITOR_OPTIONS } from './CodeEditor';
import { HANDLEBARS_LANGUAGE_ID } from './handlebarsLanguage';
import { getTabMovesFocus, installKeyboardExit, onTabMovesFocus } from './keyboardExit';
import { loadMonaco } from './loadMonaco';
import { currentThemeName } from './themes';

/** Props of a diff view. */
export interface DiffEditorProps {
  original: string;
  modified: string;
  language?: string;
  /** Accessible name of the pair, e.g. "Template 1.0.0 → 1.1.0". */
  ariaLabel: string;
  /** How each side's text area is told apart in its name; "before" and "after" by default. */
  sideNames?: { original: string; modified: string };
  /** Lets the person edit the right side; each edit is reported through `onModifiedChange`. */
  onModifiedChange?: (text: string) => void;
  /** Marks the conflict blocks (`<<<<<<<` … `>>>>>>>`) of the right side. */
  markConflicts?: boolean;
  /** Extra class for sizing (the default fills its parent). */
  className?: string;
}

/** A side-by-side diff; read-only unless `onModifiedChange` is given. */
export function DiffEditor({
  original,
  modified,
  language = HANDLEBARS_LANGUAGE_ID,
  ariaLabel,
  sideNames = { original: 'before', modified: 'after' },
  onModifiedChange,
  markConflicts = false,
  className,
}: DiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [monaco, setMonaco] = useState<typeof Monaco | null>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);
  const editable = onModifiedChange !== undefined;
  const changed = useEffectEvent((text: string) => onModifiedChange?.(text));
  /** True while the right side follows a change made outside it (not reported back). */
  const following = useRef(false);
  const { original: originalName, modified: modifiedName } = sideNames;

  useEffect(() => {
    let disposed = false;
    const listeners: Monaco.IDisposable[] = [];
    // Read-only sides let Tab move on by themselves; an editable side (a merge) indents, and
    // Esc then Tab, Shift+Tab, F6 and Ctrl+M leave it as in every editor.
    const leaving = host.current ? installKeyboardExit(host.current, IS_MAC) : null;
    let mode: (() => void) | null = null;
    void loadMonaco().then((loaded) => {
      if (disposed || !host.current) return;
      const editor = loaded.editor.createDiffEditor(host.current, {
        ...EDITOR_OPTIONS,
        readOnly: !editable,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        renderOverviewRuler: false,
        enableSplitViewResizing: true,
        ignoreTrimWhitespace: false,
        theme: currentThemeName(),
      });
      editorRef.current = editor;
      editor.getModifiedEditor().updateOptions({ tabFocusMode: getTabMovesFocus() });
      mode = onTabMovesFocus((value) =>
        editor.getModifiedEditor().updateOptions({ tabFocusMode: value }),
      );
      // Name each side's text area (the diff options alone leave them unnamed).
      editor.getOriginalEditor().updateOptions({ ariaLabel: `${ariaLabel} (${originalName})` });
      editor.getModifiedEditor().updateOptions({ ariaLabel: `${ariaLabel} (${modifiedName})` });
      listeners.push(
        editor.getModifiedEditor().onDidChangeModelContent(() => {
          const model = editor.getModifiedEditor().getModel();
          if (editable && model && !following.current) changed(model.getValue());
        }),
      );
      setMonaco(loaded);
    });
    return () => {
      disposed = true;
      for (const listener of listeners) listener.dispose();
      leaving?.();
      mode?.();
      const editor = editorRef.current;
      const model = editor?.getModel();
      editor?.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      editorRef.current = null;
    };
  }, [ariaLabel, editable, originalName, modifiedName]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!monaco || !editor) return;
    const previous = editor.getModel();
    if (editable && previous && previous.modified.getLanguageId() === language) {
      // Keep the person's model (cursor, undo) and follow only what changed from outside.
      if (previous.original.getValue() !== original) previous.original.setValue(original);
      if (previous.modified.getValue() !== modified) {
        following.current = true;
        try {
          previous.modified.pushEditOperations(
            [],
            [{ range: previous.modified.getFullModelRange(), text: modified }],
            () => null,
          );
        } finally {
          following.current = false;
        }
      }
      return;
    }
    editor.setModel({
      original: monaco.editor.createModel(original, language),
      modified: monaco.editor.createModel(modified, language),
    });
    previous?.original.dispose();
    previous?.modified.dispose();
  }, [monaco, original, modified, language, editable]);

  useEffect(() => {
    const editor = editorRef.current?.getModifiedEditor();
    if (!monaco || !editor || !markConflicts) return;
    const decorations = editor.createDecorationsCollection();
    const mark = (): void => {
      const model = editor.getModel();
      if (!model) return;
      decorations.set(
        conflictBlocks(model.getLinesContent()).flatMap((block) => [
          ...line(monaco, block.start, block.start, 'merge-marker', 'Start of a conflict'),
          ...line(monaco, block.start + 1, block.split - 1, 'merge-mine', 'Your lines'),
          ...line(monaco, block.split, block.split, 'merge-marker', 'Yours above, theirs below'),
          ...line(monaco, block.split + 1, block.end - 1, 'merge-theirs', 'Their lines'),
          ...line(monaco, block.end, block.end, 'merge-marker', 'End of a conflict'),
        ]),
      );
    };
    mark();
    const listener = editor.onDidChangeModelContent(mark);
    const swapped = editor.onDidChangeModel(mark);
    return () => {
      listener.dispose();
      swapped.dispose();
      decorations.clear();
    };
  }, [monaco, markConflicts]);

  return (
    <div
      ref={host}
      className={`code-editor ${className ?? 'code-editor--fill'}`}
      data-ready={monaco ? true : undefined}
    >
      {monaco ? null : <div className="code-editor__loading">Loading diff…</div>}
    </div>
  );
}

/** A whole-line decoration over lines `from`..`to` (1-based; nothing when the range is empty). */
function line(
  monaco: typeof Monaco,
  from: number,
  to: number,
  className: string,
  hover: string,
): Monaco.editor.IModelDeltaDecoration[] {
  if (to < from) return [];
  return [
    {
      range: new monaco.Range(from, 1, to, 1),
      options: {
        isWholeLine: true,
        className,
        linesDecorationsClassName: `${className}-gutter`,
        hoverMessage: { value: hover },
      },
    },
  ];
}
