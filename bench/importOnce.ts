// One import in a fresh process, as `pwb import` runs it (thread start-up included); prints
// {"ms":…,"writeMs":…,"cpuMs":…,"prompts":…,"mode":"threads"|"inline"} on stdout. cpuMs is the
// CPU time of every thread of the process during the import: unlike ms, it hardly moves with the
// machine's load. writeMs is the write alone (the one transaction, after reading and checking).
// A process per run starts every run from the same state: no warm threads, caches or heap
// left by the previous one. The library is a SQLite file or a postgres:// URL.
import { createServices } from '../electron/services/index';
import { LibraryFiles } from '../electron/services/files/libraryFiles';
import type { LibraryFilesPort } from '../electron/services/files/libraryPort';
import { sqliteFilesPort } from '../electron/services/files/sqliteFilesPort';
import { postgresFilesPort } from '../electron/services/postgres/pgImport';
import { isPostgresUrl, openPostgresLibrary } from '../electron/services/postgres/pgLibrary';
import { nowMs } from './stats';

const [folder, db, mode] = process.argv.slice(2);
if (!folder || !db) throw new Error('usage: importOnce <folder> <db file or URL> [scan|no-scan]');
let port: LibraryFilesPort;
let close: () => Promise<void>;
if (isPostgresUrl(db)) {
  const library = await openPostgresLibrary({ url: db });
  port = postgresFilesPort(library);
  close = () => library.close();
} else {
  const services = createServices({ dbPath: db, actor: 'bench' });
  port = sqliteFilesPort(services);
  close = async () => services.dispose();
}
const files = new LibraryFiles(port);
try {
  const start = nowMs();
  const cpu = process.cpuUsage();
  let writing = 0;
  const report = await files.importPaths([folder], {
    allowSecrets: mode === 'no-scan',
    onProgress: (step) => {
      if (step.stage === 'writing' && step.done === 0) writing = nowMs();
    },
  });
  const end = nowMs();
  const used = process.cpuUsage(cpu);
  const line = {
    ms: end - start,
    writeMs: end - writing,
    cpuMs: (used.user + used.system) / 1000,
    prompts: report.prompts,
    versions: report.versions,
    mode: await files.importMode(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await files.dispose();
  await close();
}
