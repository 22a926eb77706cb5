// Journey: labels in History on the app's own library (SQLite). A label set from a terminal
// shows up; its chip offers "Remove label", which asks first (Escape keeps it), is done from the
// keyboard, leaves the list and History, and is in the audit log. The dialog passes axe.
import { expect, test } from './fixtures';
import { AuditPanel } from './pages/audit';
import { expectAccessible } from './pages/axe';
import { History } from './pages/history';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { runPwb } from './server';

test.use({ seeded: true });

test('a label is removed from History after a confirm, from the keyboard, and audited', async ({
  app,
  sandbox,
}) => {
  const library = new Library(app);
  await library.open('evolving_prompt');
  const history = new History(app);
  await history.open();
  // Set from a terminal: the page follows (live updates on the library file).
  await runPwb(sandbox.dbPath, ['label', 'set', 'evolving_prompt', 'staging', '1.0.0']);
  await runPwb(sandbox.dbPath, ['label', 'set', 'evolving_prompt', 'production', '2.0.0']);
  await expect(history.row('1.0.0')).toContainText('staging');
  await expect(history.row('2.0.0')).toContainText('production');

  const remove = history.region.getByRole('button', { name: 'Remove label staging from 1.0.0' });
  await expect(
    history.region.getByRole('button', { name: 'Remove label production from 2.0.0' }),
  ).toBeVisible();
  await expectAccessible(app, 'History with removable labels');

  // Asked first; Escape keeps the label and gives the focus back.
  await remove.focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'Remove label' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('It points at 1.0.0 now');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(app, 'dialog Remove label');
  await shoot(app, 'remove-label-dialog');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(history.row('1.0.0')).toContainText('staging');

  // Confirmed from the keyboard: gone from History and the list, and audited.
  await app.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Remove label' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(history.row('1.0.0')).not.toContainText('staging');
  await expect(remove).toHaveCount(0);
  await expect(library.option('evolving_prompt')).toHaveAccessibleName(/production$/);
  expect(
    JSON.parse(await runPwb(sandbox.dbPath, ['label', 'list', 'evolving_prompt', '--json'])),
  ).toMatchObject([{ label: 'production', version: '2.0.0' }]);
  const audit = new AuditPanel(app);
  await audit.open();
  await expect(audit.rows.first()).toContainText('Removed label');
  await expect(audit.rows.first()).toContainText('staging removed (was 1.0.0)');
});
