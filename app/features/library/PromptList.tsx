// The library list: a virtualised listbox that fetches pages as they scroll into view.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DraftSummary, PromptSummary } from '../../../src-shared/contract/dto';
import { newPromptsMatching } from '../../state/librarySlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { LabelChips, labelsSaid } from '../history/LabelChips';

const ROW_HEIGHT = 46;

/** What a row shows about unsaved work, also said in its accessible name. */
const NEW_PROMPT = 'new prompt, not saved';
const UNSAVED_CHANGES = 'unsaved changes';

/** No labels: one object, so rows without labels compare equal between renders. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function PromptRow({
  prompt,
  unsaved,
  labels,
}: {
  prompt: PromptSummary;
  unsaved: boolean;
  labels: Readonly<Record<string, string>>;
}) {
  return (
    <>
      <span className="prompt-row__line">
        <span className="prompt-row__id">{prompt.id}</span>
        <span className="prompt-row__version">{prompt.version}</span>
      </span>
      <span className="prompt-row__line prompt-row__meta">
        <span className={`badge badge--${prompt.status}`}>{prompt.status}</span>
        <LabelChips labels={labels} shown={prompt.version} />
        {unsaved ? <span className="badge badge--unsaved">{UNSAVED_CHANGES}</span> : null}
        {prompt.format === 'chat' ? <span className="badge">chat</span> : null}
        <span className="prompt-row__tags">{tagText(prompt.tags)}</span>
      </span>
    </>
  );
}

/** A prompt that was never saved, kept as a draft: listed first so nothing typed is lost. */
function NewPromptRow({ draft }: { draft: DraftSummary }) {
  return (
    <>
      <span className="prompt-row__line">
        <span className="prompt-row__id">{draft.prompt_id}</span>
        <span className="prompt-row__version">new</span>
      </span>
      <span className="prompt-row__line prompt-row__meta">
        <span className="badge badge--unsaved">{NEW_PROMPT}</span>
        {draft.format === 'chat' ? <span className="badge">chat</span> : null}
        <span className="prompt-row__tags">{tagText(draft.tags)}</span>
      </span>
    </>
  );
}

/** Tags as a row shows them. */
const tagText = (tags: readonly string[]): string => tags.map((tag) => `#${tag}`).join(' ');

/**
 * A row's accessible name: everything it shows, in the order shown (id, version, status, labels,
 * unsaved work, chat, tags), so a screen reader hears what a sighted person sees.
 */
function rowLabel(
  draft: DraftSummary | undefined,
  prompt: PromptSummary | undefined,
  edited: boolean,
  labels: Readonly<Record<string, string>>,
): string {
  const parts = draft
    ? [draft.prompt_id, 'new', NEW_PROMPT, draft.format === 'chat' && 'chat', tagText(draft.tags)]
    : prompt
      ? [
          prompt.id,
          prompt.version,
          prompt.status,
          labelsSaid(labels, prompt.version),
          edited && UNSAVED_CHANGES,
          prompt.format === 'chat' && 'chat',
          tagText(prompt.tags),
        ]
      : ['Loading…'];
  return parts.filter(Boolean).join(', ');
}

/** The list of prompts matching the library filters, new prompts first. */
export function PromptList() {
  const store = useWorkbenchStore();
  const {
    rows,
    total: saved,
    generation,
    drafts,
    filters,
  } = useWorkbench((state) => state.library);
  const openId = useWorkbench((state) => state.editor.id);
  const labels = useWorkbench((state) => state.library.labels);
  const fresh = newPromptsMatching(drafts, filters);
  const offset = fresh.length;
  const total = offset + saved;
  const edited = new Set(
    drafts.filter((draft) => draft.base_version !== null).map((draft) => draft.prompt_id),
  );
  const idAt = (index: number): string | undefined =>
    index < offset ? fresh[index]?.prompt_id : rows[index - offset]?.id;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The page is not built with the React Compiler, so nothing memoizes this component's
  // use of the virtualizer's functions (what the rule warns about).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    store.getState().ensureLibraryRange(first - offset, last - offset);
  }, [store, first, last, generation, offset]);

  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);

  const current = Math.min(active, Math.max(total - 1, 0));
  const open = (index: number): void => {
    const id = idAt(index);
    if (id !== undefined) void store.getState().openPrompt(id);
  };
  const move = (index: number): void => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const actions: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      PageDown: () => move(current + page),
      PageUp: () => move(current - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => open(current),
      ' ': () => open(current),
      Delete: () => {
        const prompt = rows[current - offset];
        if (current >= offset && prompt) {
          store.getState().openDialog({ kind: 'delete', id: prompt.id });
        }
      },
    };
    const action = actions[event.key];
    if (!action || total === 0) return;
    event.preventDefault();
    action();
  };

  return (
    <div
      ref={scrollRef}
      className="prompt-list"
      role="listbox"
      aria-label="Prompts"
      tabIndex={0}
      aria-activedescendant={total > 0 ? `prompt-option-${current}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const draft = item.index < offset ? fresh[item.index] : undefined;
          const prompt = draft ? undefined : rows[item.index - offset];
          const id = draft?.prompt_id ?? prompt?.id;
          return (
            <div
              key={item.key}
              id={`prompt-option-${item.index}`}
              role="option"
              aria-selected={id !== undefined && id === openId}
              aria-label={rowLabel(
                draft,
                prompt,
                id !== undefined && edited.has(id),
                (prompt && labels[prompt.id]) ?? NO_LABELS,
              )}
              aria-setsize={total}
              aria-posinset={item.index + 1}
              className={`prompt-row ${item.index === current ? 'prompt-row--active' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                setActive(item.index);
                open(item.index);
              }}
            >
              {draft ? (
                <NewPromptRow draft={draft} />
              ) : prompt ? (
                <PromptRow
                  prompt={prompt}
                  unsaved={edited.has(prompt.id)}
                  labels={labels[prompt.id] ?? NO_LABELS}
                />
              ) : (
                <span className="prompt-row__placeholder" />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
