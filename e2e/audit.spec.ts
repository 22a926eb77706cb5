// Journey: save a version, then find who changed what and when in the audit log.
import { expect, test } from './fixtures';
import { AuditPanel } from './pages/audit';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';

test.use({ seeded: true });

test('a saved version appears in the audit log, filterable by prompt', async ({ app }) => {
  const library = new Library(app);
  await library.open('greeting');
  const editor = new Editor(app);
  await editor.append(' Enjoy your stay.');
  const dialog = await editor.openSaveDialog();
  await dialog.save('minor', 'Friendlier closing line');

  const audit = new AuditPanel(app);
  await audit.open();
  await expect(audit.rows.first()).toBeVisible();
  await audit.filter.fill('greeting');
  // Only greeting's lines remain: its import from the seed and the version just saved.
  await expect(audit.rows).toHaveCount(2);
  await expect(audit.rows.first()).toContainText('Saved version');
  await expect(audit.rows.first()).toContainText('prompt greeting');
  await expect(audit.rows.first()).toContainText('1.1.0');
  const entities = await audit.rows.getByRole('button').allInnerTexts();
  expect(entities.length).toBeGreaterThan(0);
  expect(entities.every((text) => text.endsWith(' greeting'))).toBe(true);
  await shoot(app, 'audit-filtered');

  await audit.filter.fill('no_such_prompt');
  await expect(audit.region).toContainText('Nothing recorded for no_such_prompt');
});
