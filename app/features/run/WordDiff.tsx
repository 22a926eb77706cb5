// A word diff between two answers: removed words struck through, added words marked.
import { useMemo } from 'react';
import { wordDiff, wordDiffCounts } from '../../../src-shared/version/wordDiff';

/** Props of a word diff: the two texts and how to name them. */
export interface WordDiffProps {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}

/** The word diff from `before` to `after`, with a one-line summary. */
export function WordDiff({ before, after, beforeLabel, afterLabel }: WordDiffProps) {
  const changes = useMemo(() => wordDiff(before, after), [before, after]);
  const counts = wordDiffCounts(changes);
  return (
    <figure className="word-diff" aria-label="Word diff">
      <figcaption className="run__muted">
        {counts.removed === 0 && counts.added === 0
          ? 'The two answers are the same.'
          : `${counts.removed} word${counts.removed === 1 ? '' : 's'} only in ${beforeLabel}, ${counts.added} only in ${afterLabel}.`}
      </figcaption>
      <pre className="word-diff__text">
        {changes.map((change, index) =>
          change.kind === 'same' ? (
            <span key={index}>{change.text}</span>
          ) : change.kind === 'removed' ? (
            <del key={index} className="word-diff__removed">
              {change.text}
            </del>
          ) : (
            <ins key={index} className="word-diff__added">
              {change.text}
            </ins>
          ),
        )}
      </pre>
    </figure>
  );
}
