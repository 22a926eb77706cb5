// `node --import ./useStandIn.mjs …`: resolves the `electron` module to the stand-in.
import { register } from 'node:module';

register('./resolveElectron.mjs', import.meta.url);
