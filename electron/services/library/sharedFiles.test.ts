// One conformance suite for the schema and partial ports on both engines (a SQLite file in a temp
// folder, a fresh database on the test kit's PostgreSQL server), then what only PostgreSQL adds:
// roles refused by the database, the database user in the history, other clients notified.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '../../../src-shared/testKit/caught';
import type { SchemaDocument } from '../../../src-shared/contract/documentSchemas';
import { eachEngine, usePostgres } from '../../testKit/postgres';
import { PgPartialStore } from '../postgres/pgPartials';
import { openPostgresLibrary } from '../postgres/pgLibrary';
import type { PostgresLibrary } from '../postgres/pgLibrary';
import { PgSchemaStore } from '../postgres/pgSchemas';
import { addUser } from '../postgres/pgUsers';
import { textDoc } from '../prompts/fixtures/testLibrary';
import type { LibraryChange, LibraryRole, LibraryStore } from './libraryStore';
import type { PartialStore, SchemaStore } from './sharedFiles';
import { sqlitePartialStore, sqliteSchemaStore } from './sharedFiles';

const postgres = usePostgres();

/** One library on one engine: its prompts, schemas and partials. */
interface Opened {
  library: LibraryStore;
  schemas: SchemaStore;
  partials: PartialStore;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function pgStores(library: PostgresLibrary): Opened & { library: PostgresLibrary } {
  return { library, schemas: new PgSchemaStore(library), partials: new PgPartialStore(library) };
}

/** Another client of the PostgreSQL library at `url` (closed after the test). */
async function openPg(url: string): Promise<Opened & { library: PostgresLibrary }> {
  const library = await openPostgresLibrary({ url });
  cleanups.push(() => library.close());
  return pgStores(library);
}

const engines = eachEngine<Opened>(postgres, {
  sqlite: (services, library) => ({
    library,
    schemas: sqliteSchemaStore(services.schemas),
    partials: sqlitePartialStore(services.partials),
  }),
  postgres: (library) => pgStores(library),
});

function schema(name: string, fields: string[], extra: Record<string, unknown> = {}) {
  const raw: unknown = {
    name,
    description: `The ${name} schema`,
    fields: fields.map((field) => ({ name: field, type: 'string' })),
    ...extra,
  };
  return raw as SchemaDocument;
}

describe.each(engines)('schemas and partials on $name', (engine) => {
  it('saves schemas, lists them with their users, raises versions and keeps YAML', async () => {
    const { library, schemas } = await engine.open();
    await schemas.save(schema('zeta', ['text']));
    await schemas.save(schema('alpha', ['a', 'b', 'c']));
    await library.save({ document: textDoc('writer', 'x', { input_schema: 'alpha' }) });
    await library.save({ document: textDoc('checker', 'y', { output_schema: 'alpha' }) });
    expect(await schemas.list()).toEqual([
      {
        name: 'alpha',
        version: '1.0.0',
        description: 'The alpha schema',
        field_count: 3,
        used_by: ['checker', 'writer'],
      },
      {
        name: 'zeta',
        version: '1.0.0',
        description: 'The zeta schema',
        field_count: 1,
        used_by: [],
      },
    ]);
    expect((await schemas.get('alpha')).fields[0]).toMatchObject({ name: 'a', required: true });
    // The same content changes nothing; a change still saying 1.0.0 becomes 1.0.1.
    await schemas.save(schema('zeta', ['text']));
    await schemas.save(schema('zeta', ['text', 'more']));
    expect((await schemas.get('zeta')).version).toBe('1.0.1');
    const saves = (await library.audit({ entity_type: 'schema' })).map((entry) => [
      entry.action,
      entry.entity_id,
      entry.version,
      entry.summary,
    ]);
    expect(saves).toEqual([
      ['schema_save', 'zeta', '1.0.1', 'changed'],
      ['schema_save', 'alpha', '1.0.0', 'created'],
      ['schema_save', 'zeta', '1.0.0', 'created'],
    ]);
    const yaml = await schemas.yaml('alpha');
    expect(yaml).toMatch(/^schemas:\n- name: alpha\n/);
    const names = await schemas.saveYaml(
      'schemas:\n  - name: address\n    fields:\n      - {name: street, type: string}\n' +
        '  - name: person\n    fields:\n      - {name: home, type: dict, nested_schema: address}\n',
    );
    expect(names).toEqual(['address', 'person']);
    // A schema saved from YAML keeps its text as written (comments included).
    const written = '# who rings\nname: contact\nfields:\n  - {name: phone, type: string}\n';
    expect(await schemas.saveYaml(written)).toEqual(['contact']);
    expect(await schemas.yaml('contact')).toBe(written);
    await schemas.delete('contact');
    expect((await schemas.all()).map((entry) => entry.name)).toEqual([
      'address',
      'alpha',
      'person',
      'zeta',
    ]);
  });

  it('refuses bad schemas and writes nothing, and deletes only unused ones', async () => {
    const { library, schemas } = await engine.open();
    expect((await rejection(schemas.save(schema('bad name', ['x'])))).code).toBe('invalid_input');
    // A batch naming a schema the library lacks fails whole.
    const broken = await rejection(
      schemas.saveYaml(
        'schemas:\n  - name: fine\n    fields: [{name: a, type: string}]\n' +
          '  - name: orphan\n    fields: [{name: b, type: dict, nested_schema: missing}]\n',
      ),
    );
    expect(broken.message).toMatch(/missing/);
    expect(await schemas.all()).toEqual([]);
    await schemas.save(schema('address', ['street']));
    await schemas.save(
      schema('person', [], {
        fields: [{ name: 'home', type: 'dict', nested_schema: 'address' }],
      }),
    );
    await library.save({ document: textDoc('writer', 'x', { input_schema: 'person' }) });
    const inUse = await rejection(schemas.delete('person'));
    expect(inUse.code).toBe('conflict');
    expect(inUse.message).toBe(
      "Schema 'person' is used by prompt writer: point them at another schema first",
    );
    expect((await rejection(schemas.delete('address'))).message).toBe(
      "Schema 'address' is used by schema person: change them first",
    );
    await library.delete('writer');
    await schemas.delete('person');
    await schemas.delete('address');
    expect(await schemas.list()).toEqual([]);
    expect((await rejection(schemas.get('person'))).code).toBe('not_found');
    expect((await rejection(schemas.delete('person'))).code).toBe('not_found');
    expect((await library.audit({ entity_type: 'schema' }))[0]).toMatchObject({
      action: 'schema_delete',
      entity_id: 'address',
    });
  });

  it('saves partials, shows which prompts include them and refuses deleting those', async () => {
    const { library, partials } = await engine.open();
    await partials.save('sign', 'Regards, {{team}}');
    await partials.save('header', '# Title');
    await partials.save('header', '# Title');
    await library.save({ document: textDoc('mail', 'Hi {{name}}\n{{> sign}}') });
    await library.save({ document: textDoc('note', 'Bye\n{{> sign}}') });
    const listed = await partials.list();
    expect(listed.map((entry) => [entry.name, entry.used_by])).toEqual([
      ['header', []],
      ['sign', ['mail', 'note']],
    ]);
    expect(await partials.get('sign')).toBe('Regards, {{team}}');
    expect(await partials.all()).toEqual({ header: '# Title', sign: 'Regards, {{team}}' });
    const inUse = await rejection(partials.delete('sign'));
    expect(inUse.code).toBe('conflict');
    expect(inUse.message).toBe(
      "Partial 'sign' is used by prompts mail, note: remove {{> sign}} from them first",
    );
    expect((await rejection(partials.save('broken', '{{#if x}}'))).code).toBe('template_syntax');
    expect((await rejection(partials.save('huge', 'x'.repeat(1024 * 1024 + 1)))).code).toBe(
      'too_large',
    );
    expect((await rejection(partials.get('broken'))).code).toBe('not_found');
    await partials.delete('header');
    expect((await rejection(partials.delete('header'))).code).toBe('not_found');
    const log = (await library.audit({ entity_type: 'partial' })).map((entry) => [
      entry.action,
      entry.entity_id,
      entry.summary,
    ]);
    expect(log).toEqual([
      ['partial_delete', 'header', null],
      ['partial_save', 'header', 'created'],
      ['partial_save', 'sign', 'created'],
    ]);
  });
});

describe('schemas and partials on a PostgreSQL team library', () => {
  async function teamLibrary() {
    const url = await postgres.freshDatabase();
    const owner = await openPg(url);
    const suffix = randomBytes(3).toString('hex');
    const as = async (role: LibraryRole) => {
      const name = `${role.slice(0, 3)}_files_${suffix}`;
      const password = await addUser(owner.library, name, role);
      const login = new URL(url);
      login.username = name;
      login.password = password;
      return { name, ...(await openPg(login.toString())) };
    };
    return { owner, as };
  }

  it('lets an editor save and refuses a viewer at the database, naming the user', async () => {
    const { owner, as } = await teamLibrary();
    const viewer = await as('viewer');
    const editor = await as('editor');
    await owner.library.save({ document: textDoc('mail', 'Hi\n{{> sign}}') });
    await editor.schemas.save(schema('ticket', ['title']));
    await editor.partials.save('sign', 'Regards');
    const refused = await rejection(viewer.schemas.save(schema('other', ['x'])));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain(`user '${viewer.name}' (viewer) may not save schemas`);
    expect((await rejection(viewer.partials.save('sign', 'Changed'))).code).toBe('forbidden');
    expect((await rejection(viewer.schemas.delete('ticket'))).code).toBe('forbidden');
    expect((await rejection(viewer.partials.delete('sign'))).code).toBe('forbidden');
    // Viewers read everything.
    expect((await viewer.schemas.list()).map((entry) => entry.name)).toEqual(['ticket']);
    expect((await viewer.partials.list())[0]?.used_by).toEqual(['mail']);
    expect(await viewer.partials.get('sign')).toBe('Regards');
    const actors = await owner.library.pool.query<{ actor: string }>(
      `SELECT actor FROM schema_history UNION ALL SELECT actor FROM partial_history`,
    );
    expect(actors.rows.map((row) => row.actor)).toEqual([editor.name, editor.name]);
    const audit = await owner.library.audit({ entity_type: 'partial' });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['partial_save', editor.name],
    ]);
  });

  it('tells other clients about saved and deleted schemas and partials', async () => {
    const url = await postgres.freshDatabase();
    const writer = await openPg(url);
    const reader = await openPg(url);
    const seen: LibraryChange[] = [];
    let done: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (done = resolve));
    const undo = await reader.library.subscribe((change) => {
      seen.push(change);
      if (change.kind === 'partial' && change.deleted) done();
    });
    cleanups.push(undo);
    await writer.schemas.save(schema('ticket', ['title']));
    await writer.schemas.delete('ticket');
    await writer.partials.save('sign', 'Regards');
    await writer.partials.delete('sign');
    await arrived;
    expect(seen).toEqual([
      { kind: 'schema', name: 'ticket', deleted: false },
      { kind: 'schema', name: 'ticket', deleted: true },
      { kind: 'partial', name: 'sign', deleted: false },
      { kind: 'partial', name: 'sign', deleted: true },
    ]);
  });
});
