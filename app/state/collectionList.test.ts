import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { AppError } from '../../src-shared/errors';
import { reloadCollectionList } from './collectionList';
import type { CollectionListState } from './collectionList';

type Item = { name: string };
type State = CollectionListState<Item> & { opened: (string | null)[] };

function panel(initial: Partial<State> = {}) {
  const store = createStore<State>()(() => ({
    list: [],
    listStatus: 'idle',
    listError: null,
    selected: null,
    creating: false,
    opened: [],
    ...initial,
  }));
  const reload = (fetchList: () => Promise<Item[]>) =>
    reloadCollectionList<Item>({
      get: store.getState,
      set: store.setState,
      fetchList,
      open: (name) =>
        store.setState((state) => ({ selected: name, opened: [...state.opened, name] })),
    });
  return { store, reload };
}

const items =
  (...names: string[]) =>
  async (): Promise<Item[]> =>
    names.map((name) => ({ name }));

describe('reloadCollectionList', () => {
  it('opens the first item when none is open', async () => {
    const { store, reload } = panel();
    await reload(items('alpha', 'beta'));
    expect(store.getState()).toMatchObject({ listStatus: 'ready', selected: 'alpha' });
  });

  it('keeps the open item while it still exists', async () => {
    const { store, reload } = panel({ selected: 'beta' });
    await reload(items('alpha', 'beta'));
    expect(store.getState().selected).toBe('beta');
    expect(store.getState().opened).toEqual([]);
  });

  it('moves to the first item when the open one is gone, and clears on an empty list', async () => {
    const { store, reload } = panel({ selected: 'gone' });
    await reload(items('alpha'));
    await reload(items());
    expect(store.getState().opened).toEqual(['alpha', null]);
  });

  it('leaves a new, unsaved item open', async () => {
    const { store, reload } = panel({ creating: true, selected: 'draft' });
    await reload(items('alpha'));
    expect(store.getState().selected).toBe('draft');
  });

  it('reports a failed load as the list error, keeping the code', async () => {
    const { store, reload } = panel();
    await reload(() => Promise.reject(new AppError('internal', 'Database is locked')));
    expect(store.getState().listStatus).toBe('error');
    expect(store.getState().listError?.code).toBe('internal');
  });

  it('keeps a list already shown up while it reloads', async () => {
    const { store, reload } = panel({ list: [{ name: 'alpha' }], selected: 'alpha' });
    let during = '';
    await reload(async () => {
      during = store.getState().listStatus;
      return [{ name: 'alpha' }];
    });
    expect(during).toBe('ready');
  });
});
