#!/usr/bin/env node
// Entry point of the `pwb` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/entry.ts');
