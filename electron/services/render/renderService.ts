// Rendering, export and validation through the library: resolves prompts, partials and schemas,
// and records every run as a metrics event.
import { AppError } from '../../../src-shared/errors';
import type { ErrorCode, FieldIssue } from '../../../src-shared/errors';
import type {
  ExportResult,
  Provider,
  RenderResult,
  SchemaTestResult,
} from '../../../src-shared/contract/dto';
import type { PromptRef } from '../../../src-shared/contract/operations';
import type { Prompt } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import { renderPrompt, requiredVariables } from '../../../src-shared/render/renderPrompt';
import { validateOutput } from '../../../src-shared/render/validateOutput';
import type { RenderContext } from '../../../src-shared/render/renderPrompt';
import { exportPrompt } from '../../../src-shared/export';
import type { MetricsService } from '../metrics/metricsService';
import type { PartialService } from '../partials/partialService';
import type { PromptService } from '../prompts/promptService';
import type { SchemaService } from '../schemas/schemaService';

/** What the render service needs. */
export interface RenderServiceDeps {
  prompts: Pick<PromptService, 'get'>;
  schemas: Pick<SchemaService, 'schemaSet'>;
  partials: Pick<PartialService, 'all' | 'list'>;
  metrics: Pick<MetricsService, 'record'>;
  /** Resolves `label` in a prompt reference to the version it points at. */
  labels?: { resolve(id: string, label: string): string };
  /** A monotonic clock in microseconds (tests may fake it). */
  nowUs?: () => number;
}

const defaultNowUs = (): number => Number(process.hrtime.bigint() / 1000n);

function errorCode(error: unknown): ErrorCode {
  return error instanceof AppError ? error.code : 'internal';
}

/** Renders, exports and validates prompts against the library's partials and schemas. */
export class RenderService {
  private readonly nowUs: () => number;

  constructor(private readonly deps: RenderServiceDeps) {
    this.nowUs = deps.nowUs ?? defaultNowUs;
  }

  /** The render context: every library partial and schema. */
  context(): RenderContext {
    return {
      partials: this.deps.partials.all(),
      schemas: this.deps.schemas.schemaSet(),
    };
  }

  /** Resolves a reference to a prompt document (saved version, or an unsaved draft). */
  resolve(ref: PromptRef): Prompt {
    if (ref.document !== undefined) {
      // The render reports template errors itself, located, as the preview shows them.
      return parsePrompt(ref.document, 'the editor', { templates: 'skip' });
    }
    if (ref.id === undefined) {
      throw new AppError('invalid_input', 'Name a prompt id or send a document to render');
    }
    return this.deps.prompts.get(ref.id, this.versionOf(ref.id, ref));
  }

  /** The version a reference names: `version`, or the one `label` points at (not both). */
  versionOf(id: string, ref: { version?: string; label?: string }): string | undefined {
    if (ref.label === undefined) return ref.version;
    if (ref.version !== undefined) {
      throw new AppError('invalid_input', 'Name a version or a label, not both', { id });
    }
    if (!this.deps.labels) throw new AppError('invalid_input', 'Labels are not available here');
    return this.deps.labels.resolve(id, ref.label);
  }

  /** Runs one render/validate/export and records it as a metrics event, failed or not. */
  private measure<T>(
    kind: 'render' | 'validate' | 'export',
    ref: PromptRef,
    work: () => { prompt: Prompt | null; value: T },
    detail?: string,
    preview = false,
  ): { value: T; durationUs: number } {
    const start = this.nowUs();
    try {
      const { prompt, value } = work();
      const durationUs = this.nowUs() - start;
      this.deps.metrics.record({
        kind,
        prompt_id: prompt?.id ?? ref.id ?? null,
        version: prompt?.version ?? ref.version ?? null,
        duration_us: durationUs,
        ok: true,
        detail: detail ?? null,
        preview,
      });
      return { value, durationUs };
    } catch (error) {
      // An editor draft names the version it was based on, so its errors count there.
      const draft = ref.document as { id?: unknown; version?: unknown } | undefined;
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      this.deps.metrics.record({
        kind,
        prompt_id: draft ? text(draft.id) : (ref.id ?? null),
        version: draft ? text(draft.version) : (ref.version ?? null),
        duration_us: this.nowUs() - start,
        ok: false,
        error_code: errorCode(error),
        detail: detail ?? null,
        preview,
      });
      throw error;
    }
  }

  /**
   * Renders a prompt with variables, as the preview and `pwb render` show it. `preview` marks
   * the editor's live previews, which the metrics keep apart from usage.
   */
  render(
    ref: PromptRef,
    variables: Record<string, unknown>,
    options: { preview?: boolean } = {},
  ): RenderResult {
    const { value: output, durationUs } = this.measure(
      'render',
      ref,
      () => {
        const prompt = this.resolve(ref);
        return { prompt, value: renderPrompt(prompt, variables, this.context()) };
      },
      undefined,
      options.preview === true,
    );
    return {
      kind: output.kind,
      text: output.text,
      messages: output.messages,
      variables: output.variables,
      outputSchema: output.outputSchema,
      durationUs,
    };
  }

  /** Exports a prompt for one provider, rendered exactly as the preview renders it. */
  export(
    ref: PromptRef,
    provider: Provider,
    variables: Record<string, unknown>,
    options: { mergeConsecutive?: boolean } = {},
  ): ExportResult {
    return this.measure(
      'export',
      ref,
      () => {
        const prompt = this.resolve(ref);
        return {
          prompt,
          value: exportPrompt(provider, prompt, variables, this.context(), options),
        };
      },
      provider,
    ).value;
  }

  /** Validates an LLM answer against the prompt's output schema. */
  validateOutput(ref: PromptRef, data: unknown): SchemaTestResult {
    return this.checked(
      () =>
        this.measure('validate', ref, () => {
          const prompt = this.resolve(ref);
          return {
            prompt,
            value: validateOutput(prompt, data, this.context()) as Record<string, unknown>,
          };
        }).value,
    );
  }

  /** Validates data against a named library schema. */
  testSchema(name: string, data: unknown): SchemaTestResult {
    return this.checked(
      () =>
        this.measure('validate', {}, () => ({
          prompt: null,
          value: this.context().schemas.validate(name, data).value as Record<string, unknown>,
        })).value,
    );
  }

  /** Turns a schema violation into a result value (other errors propagate). */
  private checked(work: () => Record<string, unknown>): SchemaTestResult {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      if (error instanceof AppError && error.code === 'schema_violation') {
        const issues = (error.details?.issues ?? []) as FieldIssue[];
        return { ok: false, issues, message: error.message };
      }
      throw error;
    }
  }

  /**
   * Which prompts' rendered output a new partial body would change, rendering each current
   * prompt that uses it with the old and the new body and the variables' names as values.
   */
  partialImpact(name: string, content: string): { changed: string[]; failed: string[] } {
    const context = this.context();
    const changed: string[] = [];
    const failed: string[] = [];
    const users = this.deps.partials.list().find((partial) => partial.name === name)?.used_by ?? [];
    for (const id of users) {
      const prompt = this.deps.prompts.get(id);
      const sample = sampleVariables(prompt, context.partials);
      const before = tryRender(prompt, sample, context);
      const after = tryRender(prompt, sample, {
        ...context,
        partials: { ...context.partials, [name]: content },
      });
      if (after === null) failed.push(id);
      else if (before !== after) changed.push(id);
    }
    return { changed, failed };
  }
}

/** Placeholder values for every variable a prompt uses, so it renders without real data. */
function sampleVariables(
  prompt: Prompt,
  partials: Record<string, string>,
): Record<string, unknown> {
  const names = requiredVariables(prompt, partials);
  return Object.fromEntries(names.map((name) => [name, `<${name}>`]));
}

function tryRender(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
): string | null {
  try {
    return renderPrompt(prompt, variables, ctx, { validateInput: false }).text;
  } catch {
    return null;
  }
}
