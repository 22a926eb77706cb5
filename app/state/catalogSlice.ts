// Lists the editor offers to pick from and complete: schemas and partials in the library.
import type { PartialSummary, SchemaSummary } from '../../src-shared/contract/dto';
import type { SliceCreator } from './storeTypes';

/** Schema and partial names known to the library. */
export interface CatalogSlice {
  catalog: { schemas: SchemaSummary[]; partials: PartialSummary[] };
  /** Reloads both lists (after an import or an edit in the Schemas/Partials panels). */
  loadCatalog(): Promise<void>;
}

export const createCatalogSlice: SliceCreator<CatalogSlice> = (set, get, { api }) => ({
  catalog: { schemas: [], partials: [] },
  async loadCatalog() {
    const [schemas, partials] = await Promise.allSettled([
      api.listSchemas({}),
      api.listPartials({}),
    ]);
    set({
      catalog: {
        schemas: schemas.status === 'fulfilled' ? schemas.value : [],
        partials: partials.status === 'fulfilled' ? partials.value : [],
      },
    });
    // A partial or schema the open prompt uses may be new or changed: its preview follows.
    get().libraryChanged();
  },
});
