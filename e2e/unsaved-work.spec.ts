// Journey: a new prompt is never lost. It is listed in the library while unsaved, survives
// switching prompts, a reload and a crash of the page, is offered back when its id is created
// again, and discarding it can be undone.
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';

test.use({ seeded: true });

const TYPED = 'Pasted-text-worth-keeping {{thing}}';

test('a new prompt is kept, listed and offered back until it is saved', async ({ app }) => {
  let page = app;
  let library = new Library(page);
  let editor = new Editor(page);
  await library.newPrompt('scratch');
  await editor.replaceText(TYPED);
  // Listed as soon as it is kept, marked with words (not the status "draft").
  await expect(library.option('scratch')).toHaveAccessibleName(
    'scratch, new, new prompt, not saved',
  );
  await expect(library.option('scratch')).toContainText('new prompt, not saved');
  await expect(library.nav).toContainText('1 new, not saved');

  // Switching to another prompt keeps it listed, and it opens with what was typed.
  await library.open('greeting');
  await library.open('scratch');
  await expect(editor.surface()).toContainText('Pasted-text-worth-keeping');

  // More typing, kept within moments (no switch, no unload flushes it)...
  await editor.append('-and-more');
  const url = page.url();
  const token = (await page.evaluate("sessionStorage.getItem('pwb.token')")) as string | null;
  const keptText = async (): Promise<string> => {
    const answer = await page.request.post(`${url}api/getDraft`, {
      headers: { authorization: `Bearer ${token ?? ''}` },
      data: { id: 'scratch' },
    });
    const body = (await answer.json()) as {
      value?: { document?: { template?: { content?: string } } };
    };
    return body.value?.document?.template?.content ?? '';
  };
  await expect.poll(keptText).toContain('-and-more');
  // ...so when the page crashes, a new tab on the same library finds all of it.
  const crashed = page.waitForEvent('crash');
  const cdp = await page.context().newCDPSession(page);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  page = await page.context().newPage();
  await page.goto(`${url}?token=${token ?? ''}`);
  library = new Library(page);
  editor = new Editor(page);
  await expect(library.option('scratch')).toHaveAccessibleName(
    'scratch, new, new prompt, not saved',
  );

  // Creating the same id again offers the kept prompt back instead of starting over.
  await library.nav.getByRole('button', { name: 'New prompt' }).click();
  const dialog = page.getByRole('dialog', { name: 'New prompt' });
  await dialog.getByRole('textbox', { name: 'Prompt id' }).fill('scratch');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('never saved');
  await shoot(page, 'new-prompt-kept');
  await dialog.getByRole('button', { name: 'Open scratch' }).click();
  await expect(dialog).toBeHidden();
  await editor.ready();
  await expect(editor.surface()).toContainText('-and-more');

  // Discarding forgets it, with Undo in the notice.
  await page
    .getByRole('toolbar', { name: 'Prompt actions' })
    .getByRole('button', { name: 'Discard' })
    .click();
  await expect(library.option('scratch')).toHaveCount(0);
  const notice = page.getByRole('status').filter({ hasText: 'Discarded the new prompt scratch' });
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeVisible();
  await shoot(page, 'discard-undo');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(library.option('scratch')).toHaveAccessibleName(
    'scratch, new, new prompt, not saved',
  );
  await editor.ready();
  await expect(editor.surface()).toContainText('Pasted-text-worth-keeping');

  // A reload opens it again, still unsaved.
  await page.reload();
  await expect(library.option('scratch')).toHaveAttribute('aria-selected', 'true');
  await expect(editor.surface()).toContainText('Pasted-text-worth-keeping');
});
