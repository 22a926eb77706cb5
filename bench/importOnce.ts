// One import in a fresh process, as `pwb import` runs it; prints {"ms":…,"prompts":…} on stdout.
// A child process per run keeps secretlint's global performance marks (never cleared) out of
// the next run and out of the benchmarks that follow. It exits as soon as the import is done:
// secretlint's profiler keeps the event loop busy long after (see bench/README.md).
import { createServices } from '../electron/services/index';
import { LibraryFiles } from '../electron/services/files/libraryFiles';
import { nowMs } from './stats';

const [folder, dbPath, mode] = process.argv.slice(2);
if (!folder || !dbPath) throw new Error('usage: importOnce <folder> <db> [scan|no-scan]');
const services = createServices({ dbPath, actor: 'bench' });
try {
  const start = nowMs();
  const report = await new LibraryFiles(services).importPaths([folder], {
    allowSecrets: mode === 'no-scan',
  });
  const ms = nowMs() - start;
  process.stdout.write(`${JSON.stringify({ ms, prompts: report.prompts })}\n`);
} finally {
  services.dispose();
}
process.exit(0);
