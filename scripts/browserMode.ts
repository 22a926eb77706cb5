// `npm start` without Electron: serves the app's default library (seeded on first run) in the browser.
import { defaultDatabasePath } from '../electron/services/store';
import { startBrowserMode, untilSignal } from '../electron/server/browserMode';

const port = process.env.PWB_PORT ? Number(process.env.PWB_PORT) : 0;
const session = await startBrowserMode({
  dbPath: defaultDatabasePath(),
  port,
  seedIfNew: true,
  log: (line) => console.log(line),
  warn: (line) => console.error(`pwb: ${line}`),
});
await untilSignal();
await session.stop();
