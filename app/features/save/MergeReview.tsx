// The merge of my edits with the version saved meanwhile, reviewed before it is saved: each text
// that differs from theirs in Monaco's diff editor (theirs left, the merge right and editable,
// conflict blocks marked), and the other fields both sides changed, where theirs was kept.
import { useEffect, useRef, useState } from 'react';
import { conflictedTexts, fieldName, promptTexts } from '../../../src-shared/merge/mergePrompt';
import type { MergeConflict } from '../../../src-shared/merge/mergePrompt';
import { DiffEditor } from '../../monaco/DiffEditor';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';

/** A value as a person reads it in one line. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A field both sides changed that is not free text: theirs was kept, mine can be taken back. */
function ValueConflict({ conflict, current }: { conflict: MergeConflict; current: unknown }) {
  const store = useWorkbenchStore();
  const name = fieldName(conflict.path);
  const mineTaken = JSON.stringify(current) === JSON.stringify(conflict.mine);
  const canTakeMine = !conflict.path.startsWith('chat_template.messages');
  return (
    <li>
      <strong>{name}</strong>: {mineTaken ? 'yours is used' : 'theirs is kept'} (theirs{' '}
      <span className="mono">{shown(conflict.theirs)}</span>, yours{' '}
      <span className="mono">{shown(conflict.mine)}</span>).{' '}
      {canTakeMine && !mineTaken ? (
        <Button small onClick={() => store.getState().useMineAt(conflict.path)}>
          Use mine for {name}
        </Button>
      ) : null}
    </li>
  );
}

/** The merge under review, inside "Save version". */
export function MergeReview() {
  const store = useWorkbenchStore();
  const merge = useWorkbench((state) => state.editor.merge);
  const document = useWorkbench((state) => state.editor.document);
  const [picked, setPicked] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // The Merge button is gone once the merge is made: the review is where the next step is.
  useEffect(() => heading.current?.focus(), []);

  if (!merge || !document) return null;
  const theirs = new Map(promptTexts(merge.theirs).map(({ path, text }) => [path, text]));
  const mine = new Map(promptTexts(document).map(({ path, text }) => [path, text]));
  const marked = conflictedTexts(document);
  const path = picked ?? marked[0] ?? merge.texts[0] ?? null;
  const values = merge.conflicts.filter((conflict) => conflict.kind === 'value');
  const version = merge.theirs.version;
  const options = merge.texts.map((text) => ({
    value: text,
    label: `${fieldName(text)}${marked.includes(text) ? ' (conflicts)' : ''}`,
  }));

  return (
    <section className="merge-review" aria-labelledby="merge-review-title">
      <h3 id="merge-review-title" className="merge-review__title" tabIndex={-1} ref={heading}>
        Merged with {version}
      </h3>
      <p className="hint">
        {marked.length > 0
          ? `Both of you changed the same lines in ${marked.map(fieldName).join(', ')}: each conflict block shows your lines, then theirs. Keep either or both, and delete the marker lines.`
          : `Your edits and the changes saved in ${version} are combined. Check the result and save.`}{' '}
        Their change stays unless you remove it.
      </p>
      {options.length > 1 ? (
        <Field label="Field to review">
          <Select value={path ?? ''} options={options} onChange={setPicked} />
        </Field>
      ) : null}
      {path ? (
        <DiffEditor
          original={theirs.get(path) ?? ''}
          modified={mine.get(path) ?? ''}
          ariaLabel={`Merge of ${fieldName(path)}`}
          sideNames={{ original: `saved ${version}`, modified: 'merged, editable' }}
          onModifiedChange={(text) => store.getState().setTextAt(path, text)}
          markConflicts
          className="merge-review__editor"
        />
      ) : (
        <p className="hint">No text differs from {version}.</p>
      )}
      {values.length > 0 ? (
        <ul className="merge-review__values" aria-label="Other fields both changed">
          {values.map((conflict) => (
            <ValueConflict
              key={conflict.path}
              conflict={conflict}
              current={valueAt(document, conflict.path)}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The value at a dotted path of a document (as merge conflicts name it). */
function valueAt(document: object, path: string): unknown {
  let value: unknown = document;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
