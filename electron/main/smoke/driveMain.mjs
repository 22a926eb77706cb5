// Runs the bundled main process (argv[2]) against the Electron stand-in, drives it the way the
// window would, and prints one JSON object describing what happened.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, pathToFileURL } from 'node:url';

const [bundle, userData] = process.argv.slice(2);
process.env.PWB_STAND_IN_USER_DATA = userData;
delete process.env.PWB_DB;
await import(pathToFileURL(bundle).href);
const seen = globalThis.__electronStandIn;
for (let i = 0; i < 300 && seen.windows.length === 0; i += 1) {
  await sleep(50);
}
const [window] = seen.windows;
const frame = {
  url: 'app://workbench/index.html',
  parent: null,
  sent: [],
  isDestroyed: () => false,
  send(channel, event) {
    this.sent.push({ channel, event });
  },
};
const call = (name, request, sender = frame) =>
  seen.handlers.get(`pwb:${name}`)({ senderFrame: sender }, request);

const folder = join(userData, 'many-prompts');
mkdirSync(folder);
for (let i = 0; i < 80; i += 1) {
  const doc = `id: p${i}\nversion: 1.0.0\nformat: text\nstatus: active\ntemplate:\n  content: "Hello {{name}} ${i}"\n`;
  writeFileSync(join(folder, `p${i}.yaml`), doc);
}
const result = {
  url: window?.url,
  webPreferences: window?.options.webPreferences,
  channels: seen.handlers.size,
  permissionGranted: await new Promise((done) => seen.permissionRequest(null, 'camera', done)),
  library: (await call('listPrompts', {})).value?.items.map((item) => item.id),
  foreign: await call('listPrompts', {}, { url: 'https://example.com/', parent: null }),
  imported: await call('importFolder', { paths: [folder], job: 'stand-in-1' }),
  progressChannels: [...new Set(frame.sent.map((sent) => sent.channel))],
  rendered: await call('renderPreview', { id: 'p7', variables: { name: 'Ada' } }),
  keySet: await call('setProviderKey', {
    variable: 'OPENAI_API_KEY',
    key: 'sk-stand-in-typed-0123',
  }),
  keys: await call('providerKeys', {}),
};
result.keyFile = readFileSync(join(userData, 'provider-keys.json'), 'utf8');
// The library switcher: another file, a team library with a typed password, and back.
result.switched = await call('switchLibrary', { location: join(userData, 'other.db') });
result.otherTotal = (await call('listPrompts', {})).value?.total;
const team = process.env.PWB_SMOKE_PG_URL;
if (team) {
  const url = new URL(team);
  const password = decodeURIComponent(url.password);
  url.password = '';
  result.teamSwitch = await call('switchLibrary', { location: url.toString(), password });
  result.teamPasswordFile = readFileSync(join(userData, 'library-passwords.json'), 'utf8');
}
result.back = await call('switchLibrary', { location: join(userData, 'workbench.db') });
result.choices = await call('listLibraries', {});
result.librariesFile = readFileSync(join(userData, 'libraries.json'), 'utf8');
result.databaseHoldsKey = readFileSync(join(userData, 'workbench.db')).includes(
  'sk-stand-in-typed',
);
for (let i = 0; i < 100 && !readdirSync(userData).includes('backups'); i += 1) {
  await sleep(50);
}
result.backups = readdirSync(join(userData, 'backups')).length;
window?.listeners.close?.();
result.windowState = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'));
seen.appEvents['window-all-closed']?.();
result.quit = seen.quit;
process.stdout.write(`${JSON.stringify(result)}\n`);
