// Where an import keeps its prepared prompts between reading and writing: a private temporary
// SQLite database on disk, so a 50,000-file import does not hold every prompt in memory.
import BetterSqlite3 from 'better-sqlite3';
import {
  packedPrompt,
  packPrompts,
  unpackPrompt,
  type PackedPrompts,
  type PreparedPrompt,
} from './importPreparation';

/** Prompts read back per page while the import writes. */
const PAGE = 500;

/**
 * Prepared prompts staged on disk, read back in id order. SQLite keeps a database opened with
 * an empty name in a temporary file deleted on close; its page cache holds a few MB, and the
 * rest spills to that file. The library's own connection is not touched (nothing is locked).
 */
export class ImportStage {
  private readonly db = new BetterSqlite3('');
  private readonly insert;
  private readonly lookup;
  private closed = false;
  /** How many prompts are staged. */
  size = 0;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    // 2 MB of cache rather than 16: the stage is written once and read once, in order.
    this.db.pragma('cache_size = -2000');
    this.db.exec('CREATE TABLE staged (id TEXT NOT NULL UNIQUE, prompt BLOB NOT NULL)');
    this.insert = this.db.prepare('INSERT INTO staged (id, prompt) VALUES (?, ?)');
    this.lookup = this.db.prepare('SELECT 1 FROM staged WHERE id = ?').pluck();
  }

  /** True when a prompt with this id is staged. */
  has(id: string): boolean {
    return this.lookup.get(id) !== undefined;
  }

  /** Stages prompts (ids unique across the whole import), packed or not. */
  add(prompts: PackedPrompts | readonly PreparedPrompt[]): void {
    const packed = 'bytes' in prompts ? prompts : packPrompts(prompts);
    this.db.transaction(() => {
      packed.ids.forEach((id, index) => this.insert.run(id, packedPrompt(packed, index)));
    })();
    this.size += packed.ids.length;
  }

  /** Every staged prompt in id order (ids are ASCII, so byte order is the order JS sorts in). */
  *prompts(): Generator<PreparedPrompt> {
    const page = this.db.prepare('SELECT id, prompt FROM staged WHERE id > ? ORDER BY id LIMIT ?');
    let after = '';
    for (;;) {
      const rows = page.all(after, PAGE) as { id: string; prompt: Uint8Array }[];
      for (const row of rows) yield unpackPrompt(row.prompt);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE) return;
      after = last.id;
    }
  }

  /** Forgets every staged prompt. */
  clear(): void {
    this.db.exec('DELETE FROM staged');
    this.size = 0;
  }

  /** Deletes the staged prompts (the file goes with the connection). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
