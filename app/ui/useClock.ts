// The current time for relative dates ("3 minutes ago"), read without calling Date.now in render.
import { useSyncExternalStore } from 'react';

/** How often the clock ticks (ms); relative times are this coarse. */
const TICK_MS = 15_000;

function subscribe(onTick: () => void): () => void {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}

// Rounded down to the tick, so every read within a tick returns the same value.
const snapshot = (): number => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** Epoch ms, rounded down to 15 s, re-rendering the component when it moves on. */
export function useClock(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
