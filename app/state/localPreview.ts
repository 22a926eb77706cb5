// The preview while typing, rendered in the page: the same interpreter the Node side runs,
// with the variables the Node side last validated. Its answer still follows and stands.
import type { RenderResult } from '../../src-shared/contract/dto';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import type { Prompt } from '../../src-shared/model/prompt';
import { renderPromptLocally } from '../../src-shared/render/localPrompt';
import type { SchemaSetLike } from '../../src-shared/render/promptSchemas';
import { parseTemplateIncrementally } from '../../src-shared/template/incrementalParse';

/** What a local render needs besides the document. */
export interface LocalBasis {
  /** The variables of the last render the Node side answered (input schema applied). */
  variables: Record<string, unknown>;
  /** Library schemas the page has loaded, by name (the prompt's input and output schemas). */
  schemas: ReadonlyMap<string, ValidationSchema>;
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
      { partials: {}, schemas },
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
