// What a restore reports about the backup it brings back: the current prompt versions and shared
// partials whose templates do not parse (or use a construct the interpreter does not run).
//
// A restore never refuses a backup for them: a backup is a verbatim earlier library, perhaps
// taken before templates were checked on entry, and the recovery path must not strand its
// data. The library opens with such versions (listing, show and history work; rendering one
// shows its error), so the restore goes ahead and names each one to fix.
import Database from 'better-sqlite3';
import type { Prompt } from '../../../src-shared/model/prompt';
import { findTemplateProblem } from '../../../src-shared/template/templateCheck';

/** A current prompt version or shared partial whose template cannot render. */
export interface UnrenderableTemplate {
  /** `prompt 'id' 1.2.0` or `partial 'name'` (message numbers from 1, as people read them). */
  where: string;
  /** The prompt id or partial name. */
  name: string;
  /** The prompt's current version (absent for a partial). */
  version?: string;
  /** The template error, with its line and column. */
  message: string;
}

/** Scans the library file at `file` (opened read-only) for templates that cannot render. */
export function findUnrenderableTemplates(file: string): UnrenderableTemplate[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const found: UnrenderableTemplate[] = [];
    const rows = db
      .prepare(
        `SELECT p.id AS id, p.current_version AS version, v.document AS document
         FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id AND v.version = p.current_version
         ORDER BY p.id`,
      )
      .all() as { id: string; version: string; document: string }[];
    for (const row of rows) {
      const where = `prompt '${row.id}' ${row.version}`;
      for (const [part, source] of templatesOf(JSON.parse(row.document) as Prompt)) {
        const problem = findTemplateProblem(source, part.partial);
        if (problem === undefined) continue;
        found.push({
          where: `${where}${part.label}`,
          name: row.id,
          version: row.version,
          message: problem.message,
        });
      }
    }
    if (hasTable(db, 'partials')) {
      const partials = db.prepare('SELECT name, content FROM partials ORDER BY name').all() as {
        name: string;
        content: string;
      }[];
      for (const { name, content } of partials) {
        const problem = findTemplateProblem(content, name);
        if (problem) found.push({ where: `partial '${name}'`, name, message: problem.message });
      }
    }
    return found;
  } finally {
    db.close();
  }
}

type TemplatePart = { label: string; partial?: string };

/** Every template source of a stored document, labelled for messages. */
function templatesOf(document: Prompt): [TemplatePart, string][] {
  const parts: [TemplatePart, string][] = [];
  if (typeof document.template?.content === 'string') {
    parts.push([{ label: '' }, document.template.content]);
    for (const [name, source] of Object.entries(document.template.partials ?? {})) {
      if (typeof source === 'string') parts.push([{ label: '', partial: name }, source]);
    }
  }
  document.chat_template?.messages?.forEach((message, index) => {
    if (typeof message.content === 'string') {
      parts.push([{ label: `, message ${index + 1}` }, message.content]);
    }
  });
  return parts;
}

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}
