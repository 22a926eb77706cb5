// React access to the store: a provider and `useWorkbench(selector)`.
import { createContext, createElement, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Api } from '../../src-shared/contract/operations';
import type { WorkbenchStore } from './store';
import type { WorkbenchState } from './storeTypes';

const StoreContext = createContext<WorkbenchStore | null>(null);

/** Makes `store` available to every component below. */
export function WorkbenchProvider(props: { store: WorkbenchStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

/** The store itself (for actions in event handlers and effects). */
export function useWorkbenchStore(): WorkbenchStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useWorkbench needs a WorkbenchProvider above it.');
  return store;
}

/** Reads a slice of state; the component re-renders when the selected value changes. */
export function useWorkbench<T>(selector: (state: WorkbenchState) => T): T {
  return useStore(useWorkbenchStore(), selector);
}

/** The typed API client (for panels that call operations of their own). */
export function useApi(): Api {
  return useWorkbench((state) => state.deps.api);
}
