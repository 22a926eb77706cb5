// Journey: compare two versions of a prompt and see the change in the diff.
import { expect, test } from './fixtures';
import { History } from './pages/history';
import { Library } from './pages/library';

test.use({ seeded: true });

test('compares two versions side by side', async ({ app }) => {
  const library = new Library(app);
  await library.open('evolving_prompt');
  const history = new History(app);
  await history.open();
  await expect(history.rows).toHaveCount(4);
  await expect(history.rows.nth(1)).toContainText('2.0.0');

  const diff = await history.compare('1.0.0', '2.0.0');
  await expect(diff.region).toContainText('evolving_prompt · 1.0.0 → 2.0.0');
  await expect(
    diff.region.getByRole('textbox', { name: /Template 1\.0\.0 to 2\.0\.0 \(after\)/ }),
  ).toBeAttached({ timeout: 45_000 });
  // Monaco marks inserted and removed lines; both sides are there.
  await expect(diff.region.locator('.line-insert, .char-insert').first()).toBeVisible();
  await expect(diff.region.locator('.line-delete, .char-delete').first()).toBeVisible();
});
