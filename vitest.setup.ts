// Test setup: property-based tests run with a fixed seed, so CI runs are repeatable; set
// FC_SEED to explore other inputs locally.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261125) });
