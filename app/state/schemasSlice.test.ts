// The Schemas panel's slice of the store, driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { seedSchemaTexts } from '../testing/seedFiles';
import { liveLibraryApi } from '../testing/liveLibrary';
import { NEW_SCHEMA_YAML, isSchemaDirty } from './schemasSlice';
import { createWorkbenchStore } from './store';

/** A schema as a user makes it from the New schema template: renamed, tightened, one field added. */
const TICKET =
  NEW_SCHEMA_YAML.replace('name: new_schema', 'name: ticket').replace(
    'min_value: 1',
    'min_value: 3',
  ) +
  `      - name: priority
        type: integer
        required: false
        default: 2
`;

const api = liveLibraryApi();

describe('schemas slice', () => {
  it('fills an example that passes its own schema, for every seed schema', async () => {
    const store = createWorkbenchStore(api);
    for (const text of seedSchemaTexts()) await api.saveSchemaYaml({ text });
    await store.getState().loadSchemas();
    const names = store.getState().schemas.list.map((schema) => schema.name);
    expect(names.length).toBeGreaterThan(8);
    const failing: string[] = [];
    for (const name of names) {
      await store.getState().selectSchema(name);
      await store.getState().fillSchemaExample();
      await store.getState().validateSchemaTestData();
      const result = store.getState().schemas.testResult;
      if (!result?.ok) failing.push(`${name}: ${result?.message ?? 'no result'}`);
    }
    expect(failing).toEqual([]);
  });

  it('saves a new schema from YAML and opens it', async () => {
    const store = createWorkbenchStore(api);
    await store.getState().loadSchemas();
    expect(store.getState().schemas.list).toEqual([]);
    store.getState().startNewSchema();
    expect(store.getState().schemas.text).toBe(NEW_SCHEMA_YAML);
    store.getState().setSchemaText(TICKET);
    expect(await store.getState().saveSchema()).toEqual(['ticket']);
    const state = store.getState().schemas;
    expect(state.list.map((schema) => schema.name)).toEqual(['ticket']);
    expect(state.selected).toBe('ticket');
    expect(state.schema?.fields.map((field) => field.name)).toEqual(['title', 'priority']);
    expect(isSchemaDirty(state)).toBe(false);
  });

  it('validates test data: defaults filled in, or each broken field by path', async () => {
    const store = createWorkbenchStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await store.getState().loadSchemas();
    store.getState().setSchemaTestText('{"title": "Printer on fire"}');
    await store.getState().validateSchemaTestData();
    expect(store.getState().schemas.testResult).toEqual({
      ok: true,
      value: { title: 'Printer on fire', priority: 2 },
    });

    store.getState().setSchemaTestText('{"title": "x", "priority": "high"}');
    await store.getState().validateSchemaTestData();
    const result = store.getState().schemas.testResult;
    expect(result?.ok).toBe(false);
    const paths = result && !result.ok ? result.issues.map((issue) => issue.path) : [];
    expect(paths.sort()).toEqual(['priority', 'title']);
  });

  it('keeps test data typed while the schema loads; the example fills an untouched box', async () => {
    await api.saveSchemaYaml({ text: TICKET });
    const store = createWorkbenchStore(api);
    const opening = store.getState().selectSchema('ticket');
    store.getState().setSchemaTestText('{"title": "typed"}');
    await opening;
    expect(store.getState().schemas.testText).toBe('{"title": "typed"}');
    await store.getState().selectSchema('ticket');
    expect(JSON.parse(store.getState().schemas.testText)).toHaveProperty('title');
    expect(store.getState().schemas.testText).not.toContain('typed');
  });

  it('refuses test data that is not JSON without calling the service', async () => {
    const store = createWorkbenchStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await store.getState().loadSchemas();
    store.getState().setSchemaTestText('{"title": ');
    await store.getState().validateSchemaTestData();
    expect(store.getState().schemas.testInputError).toMatch(/not valid JSON/);
    expect(store.getState().schemas.testResult).toBeNull();
  });

  it('keeps the edited YAML and the error when a save is refused', async () => {
    const store = createWorkbenchStore(api);
    store.getState().startNewSchema();
    store.getState().setSchemaText('schemas:\n  - name: broken\n    fields: []\n');
    expect(await store.getState().saveSchema()).toBeNull();
    expect(store.getState().schemas.saveError?.code).toBe('invalid_input');
    expect(store.getState().schemas.text).toContain('broken');
    expect(store.getState().schemas.creating).toBe(true);
  });

  it('deletes the open schema and moves to the next one', async () => {
    const store = createWorkbenchStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await api.saveSchemaYaml({ text: TICKET.replace('name: ticket', 'name: zebra') });
    await store.getState().loadSchemas();
    expect(store.getState().schemas.selected).toBe('ticket');
    expect(await store.getState().deleteSchema()).toBe(true);
    expect(store.getState().schemas.list.map((schema) => schema.name)).toEqual(['zebra']);
    expect(store.getState().schemas.selected).toBe('zebra');
  });
});
