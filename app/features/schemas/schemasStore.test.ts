// The Schemas panel's store driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../../testing/liveLibrary';
import { NEW_SCHEMA_YAML, createSchemasStore, isSchemaDirty } from './schemasStore';

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

describe('schemas store', () => {
  it('saves a new schema from YAML and opens it', async () => {
    const store = createSchemasStore(api);
    await store.getState().loadList();
    expect(store.getState().list).toEqual([]);
    store.getState().startNew();
    expect(store.getState().text).toBe(NEW_SCHEMA_YAML);
    store.getState().setText(TICKET);
    expect(await store.getState().save()).toEqual(['ticket']);
    const state = store.getState();
    expect(state.list.map((schema) => schema.name)).toEqual(['ticket']);
    expect(state.selected).toBe('ticket');
    expect(state.schema?.fields.map((field) => field.name)).toEqual(['title', 'priority']);
    expect(isSchemaDirty(state)).toBe(false);
  });

  it('validates test data: defaults filled in, or each broken field by path', async () => {
    const store = createSchemasStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await store.getState().loadList();
    store.getState().setTestText('{"title": "Printer on fire"}');
    await store.getState().validate();
    expect(store.getState().testResult).toEqual({
      ok: true,
      value: { title: 'Printer on fire', priority: 2 },
    });

    store.getState().setTestText('{"title": "x", "priority": "high"}');
    await store.getState().validate();
    const result = store.getState().testResult;
    expect(result?.ok).toBe(false);
    const paths = result && !result.ok ? result.issues.map((issue) => issue.path) : [];
    expect(paths.sort()).toEqual(['priority', 'title']);
  });

  it('refuses test data that is not JSON without calling the service', async () => {
    const store = createSchemasStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await store.getState().loadList();
    store.getState().setTestText('{"title": ');
    await store.getState().validate();
    expect(store.getState().testInputError).toMatch(/not valid JSON/);
    expect(store.getState().testResult).toBeNull();
  });

  it('keeps the edited YAML and the error when a save is refused', async () => {
    const store = createSchemasStore(api);
    store.getState().startNew();
    store.getState().setText('schemas:\n  - name: broken\n    fields: []\n');
    expect(await store.getState().save()).toBeNull();
    expect(store.getState().saveError?.code).toBe('invalid_input');
    expect(store.getState().text).toContain('broken');
    expect(store.getState().creating).toBe(true);
  });

  it('deletes the open schema and moves to the next one', async () => {
    const store = createSchemasStore(api);
    await api.saveSchemaYaml({ text: TICKET });
    await api.saveSchemaYaml({ text: TICKET.replace('name: ticket', 'name: zebra') });
    await store.getState().loadList();
    expect(store.getState().selected).toBe('ticket');
    expect(await store.getState().remove()).toBe(true);
    expect(store.getState().list.map((schema) => schema.name)).toEqual(['zebra']);
    expect(store.getState().selected).toBe('zebra');
  });
});
