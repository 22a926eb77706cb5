// Panel stores that live as long as the app: one per API client, made on first use.
import type { Api } from '../../src-shared/contract/operations';

/**
 * Wraps `create` so each API client gets one value, made on first call and returned after:
 * a panel's store then keeps its state (filters, edits) while the user switches tabs.
 */
export function onePerApi<T extends object>(create: (api: Api) => T): (api: Api) => T {
  const made = new WeakMap<Api, T>();
  return (api) => {
    let value = made.get(api);
    if (!value) {
      value = create(api);
      made.set(api, value);
    }
    return value;
  };
}
