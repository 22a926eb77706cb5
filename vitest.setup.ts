// Test setup: property-based tests take their seed from FC_SEED, so each CI run explores new
// inputs (.ci/run picks and prints one) and any failure replays with the seed it reports.
import fc from 'fast-check';

const given = process.env['FC_SEED'];
const seed = given === undefined || given === '' ? Date.now() % 2 ** 31 : Number(given);
if (!Number.isSafeInteger(seed)) {
  throw new Error(`FC_SEED must be an integer, got '${given}'`);
}
fc.configureGlobal({ seed });
