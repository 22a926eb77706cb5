// Module resolution hook: `electron` becomes electronStandIn.mjs; everything else resolves as usual.
import { URL } from 'node:url';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') {
    return { url: new URL('./electronStandIn.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
