// Journey: import other tools' files (Prompty, a Langfuse export) through the Import folder dialog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { Library } from './pages/library';

// Written for this test from the formats' documentation.
const PROMPTY = `---
name: Ticket Reply
model:
  api: chat
---
system:
You answer tickets for {{ customer }}.

user:
{{ ticket }}
`;

const LANGFUSE = JSON.stringify([
  { name: 'critic', version: 1, type: 'text', prompt: 'Review {{movie}}.', labels: [] },
  {
    name: 'critic',
    version: 2,
    type: 'text',
    prompt: 'Review {{movie}} briefly.',
    labels: ['production', 'latest'],
  },
]);

test('imports Prompty and Langfuse files, with the Langfuse labels', async ({ app, sandbox }) => {
  const folder = `${sandbox.dir}/from-other-tools`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/ticket_reply.prompty`, PROMPTY);
  writeFileSync(`${folder}/critic.json`, LANGFUSE);

  const library = new Library(app);
  const dialog = await library.importFolder(folder);
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report).toContainText('Imported 2 prompts, 3 versions');
  await expect(report).toContainText('Set 1 label.');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(library.option('ticket_reply')).toBeVisible();
  await expect(library.option('critic')).toBeVisible();
});
