// The library list: a virtualised listbox that fetches pages as they scroll into view.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PromptSummary } from '../../../src-shared/contract/dto';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';

const ROW_HEIGHT = 46;

function PromptRow({ prompt }: { prompt: PromptSummary }) {
  return (
    <>
      <span className="prompt-row__line">
        <span className="prompt-row__id">{prompt.id}</span>
        <span className="prompt-row__version">{prompt.version}</span>
      </span>
      <span className="prompt-row__line prompt-row__meta">
        <span className={`badge badge--${prompt.status}`}>{prompt.status}</span>
        {prompt.format === 'chat' ? <span className="badge">chat</span> : null}
        <span className="prompt-row__tags">{prompt.tags.map((tag) => `#${tag}`).join(' ')}</span>
      </span>
    </>
  );
}

/** The list of prompts matching the library filters. */
export function PromptList() {
  const store = useWorkbenchStore();
  const { rows, total, generation } = useWorkbench((state) => state.library);
  const openId = useWorkbench((state) => state.editor.id);
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
    store.getState().ensureLibraryRange(first, last);
  }, [store, first, last, generation]);

  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);

  const current = Math.min(active, Math.max(total - 1, 0));
  const open = (index: number): void => {
    const prompt = rows[index];
    if (prompt) void store.getState().openPrompt(prompt.id);
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
        const prompt = rows[current];
        if (prompt) store.getState().openDialog({ kind: 'delete', id: prompt.id });
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
          const prompt = rows[item.index];
          return (
            <div
              key={item.key}
              id={`prompt-option-${item.index}`}
              role="option"
              aria-selected={prompt !== undefined && prompt.id === openId}
              aria-label={prompt?.id ?? 'Loading…'}
              aria-setsize={total}
              aria-posinset={item.index + 1}
              className={`prompt-row ${item.index === current ? 'prompt-row--active' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                setActive(item.index);
                open(item.index);
              }}
            >
              {prompt ? (
                <PromptRow prompt={prompt} />
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
