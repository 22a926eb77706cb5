// The preview while typing, rendered in the page: the same interpreter the Node side runs,
// with the variables the Node side last validated. Its answer still follows and stands.
import type { PartialSummary, RenderResult } from '../../src-shared/contract/dto';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import type { Prompt } from '../../src-shared/model/prompt';
import { renderPromptLocally } from '../../src-shared/render/pagePrompt';
import type { SchemaSetLike } from '../../src-shared/render/promptSchemas';
import { parseTemplateIncrementally } from '../../src-shared/template/incrementalParse';
import { partialReferences } from '../../src-shared/template/partialGraph';
import { templateSources } from './promptDocument';

/** What a local render needs besides the document. */
export interface LocalBasis {
  /** The variables of the last render the Node side answered (input schema applied). */
  variables: Record<string, unknown>;
  /** Library schemas the page has loaded, by name (the prompt's input and output schemas). */
  schemas: ReadonlyMap<string, ValidationSchema>;
  /** Library partials the page has loaded, by name. */
  partials: Readonly<Record<string, string>>;
}

/**
 * Renders `document` in the page, or returns null when only the Node side can: a template the
 * interpreter does not run, a library partial or schema the page does not have, a variable the
 * last validated set lacks, or any other error (the Node side's answer then reports it).
 */
export function renderPreviewLocally(document: Prompt, basis: LocalBasis): RenderResult | null {
  // The variables were validated by the Node side for the same form values: validating again
  // would give them back unchanged, so the page's schema set returns them as they are.
  const schemas: SchemaSetLike = {
    has: (name) => basis.schemas.has(name),
    get: (name) => basis.schemas.get(name),
    validate: (_name, data) => ({ value: data }),
  };
  const started = performance.now();
  try {
    const output = renderPromptLocally(
      document,
      basis.variables,
      { partials: basis.partials, schemas },
      parseTemplateIncrementally,
    );
    return {
      ...output,
      durationUs: Math.round((performance.now() - started) * 1000),
    };
  } catch {
    return null;
  }
}

/** True when two renders show the same thing (the Node side's answer then changes nothing). */
export function sameRendering(a: RenderResult, b: RenderResult): boolean {
  if (a.kind !== b.kind || a.text !== b.text || a.outputSchema !== b.outputSchema) return false;
  return a.kind === 'text' || JSON.stringify(a.messages) === JSON.stringify(b.messages);
}

/** A library partial the page has loaded, and the catalog stamp it was loaded at. */
interface LoadedPartial {
  updatedAt: string;
  content: string;
}

/**
 * The library partials a document reaches (through other partials too), loaded on demand and
 * kept while the catalog shows them unchanged, so prompts that use shared partials also
 * render in the page. The Node side's answer still corrects anything stale.
 */
export class LibraryPartials {
  private readonly loaded = new Map<string, LoadedPartial>();

  constructor(private readonly fetch: (name: string) => Promise<string>) {}

  /** Sources by name for a local render (only current ones). */
  sources(catalog: readonly PartialSummary[]): Record<string, string> {
    const sources: Record<string, string> = {};
    for (const { name, updated_at } of catalog) {
      const partial = this.loaded.get(name);
      if (partial?.updatedAt === updated_at) sources[name] = partial.content;
    }
    return sources;
  }

  /** Loads what `document` reaches and the page lacks; resolves when done (errors ignored). */
  async follow(document: Prompt, catalog: readonly PartialSummary[]): Promise<void> {
    const stamps = new Map(catalog.map((partial) => [partial.name, partial.updated_at]));
    const own = document.template?.partials ?? {};
    // Each source with the name its incremental parse is kept under (the template's: none).
    const queue: [string, string | undefined][] = [
      ...templateSources(document).map((source): [string, undefined] => [source, undefined]),
      ...Object.entries(own).map(([name, source]): [string, string] => [source, name]),
    ];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const [source, from] = queue.pop() as [string, string | undefined];
      if (!source.includes('{{>') && !source.includes('{{#>')) continue;
      for (const name of referencedPartials(source, from)) {
        const stamp = stamps.get(name);
        if (seen.has(name) || Object.hasOwn(own, name) || stamp === undefined) continue;
        seen.add(name);
        let partial = this.loaded.get(name);
        if (partial?.updatedAt !== stamp) {
          try {
            partial = { updatedAt: stamp, content: await this.fetch(name) };
          } catch {
            continue;
          }
          this.loaded.set(name, partial);
        }
        queue.push([partial.content, name]);
      }
    }
  }
}

function referencedPartials(source: string, partial: string | undefined): string[] {
  try {
    // The template itself was just parsed by the keystroke: the incremental parser has it.
    const ast = parseTemplateIncrementally(source, partial);
    return partialReferences(ast).map((reference) => reference.name);
  } catch {
    return [];
  }
}
