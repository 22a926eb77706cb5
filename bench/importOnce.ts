// One import in a fresh process, as `pwb import` runs it (thread start-up included); prints
// {"ms":…,"cpuMs":…,"prompts":…,"mode":"threads"|"inline"} on stdout. cpuMs is the CPU time of
// every thread of the process during the import: unlike ms, it hardly moves with the machine's load.
// A process per run starts every run from the same state: no warm threads, caches or heap
// left by the previous one.
import { createServices } from '../electron/services/index';
import { LibraryFiles } from '../electron/services/files/libraryFiles';
import { sqliteFilesPort } from '../electron/services/files/sqliteFilesPort';
import { nowMs } from './stats';

const [folder, dbPath, mode] = process.argv.slice(2);
if (!folder || !dbPath) throw new Error('usage: importOnce <folder> <db> [scan|no-scan]');
const services = createServices({ dbPath, actor: 'bench' });
const files = new LibraryFiles(sqliteFilesPort(services));
try {
  const start = nowMs();
  const cpu = process.cpuUsage();
  const report = await files.importPaths([folder], { allowSecrets: mode === 'no-scan' });
  const ms = nowMs() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const line = { ms, cpuMs, prompts: report.prompts, mode: await files.importMode() };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await files.dispose();
  services.dispose();
}
