// Another process writing to a library (the contention benchmark): saves a new version of one
// prompt every PWB_BENCH_PACE_MS, each in its own durable transaction, and keeps the count of
// saves in PWB_BENCH_SAVES. Runs until it is killed.
import { writeFileSync } from 'node:fs';
import { createServices } from '../electron/services/index';
import type { Prompt } from '../src-shared/model/prompt';
import { textPrompt } from './prompts';

const dbPath = process.env['PWB_BENCH_DB'];
const pace = Number(process.env['PWB_BENCH_PACE_MS'] ?? '20');
const countFile = process.env['PWB_BENCH_SAVES'];
if (!dbPath || !countFile)
  throw new Error('pacedWriter: PWB_BENCH_DB and PWB_BENCH_SAVES are required');

const services = createServices({ dbPath, actor: 'bench-writer' });
const base = textPrompt('bench_writer');
const template = base.template;
if (!template) throw new Error('pacedWriter: the prompt has no template');
let version = services.prompts.save({ document: base }).version;
let saves = 0;

const timer = setInterval(() => {
  const document: Prompt = {
    ...base,
    template: { ...template, content: `${template.content}\n(edit ${saves + 1})` },
  };
  try {
    version = services.prompts.save({ document, base: version, bump: 'patch' }).version;
    saves += 1;
    writeFileSync(countFile, String(saves));
  } catch {
    // The server's own metric batch held the lock for a moment: the next tick tries again.
  }
}, pace);

process.on('SIGTERM', () => {
  clearInterval(timer);
  void services.dispose().then(() => process.exit(0));
});
