// The formats `pwb export --format` and the app's "Export library as…" write (no dependencies,
// so the contract and the page can name them).

/** Every export format: our seed layout, then the other tools'. */
export const EXPORT_FORMATS = ['seed', 'prompty', 'dotprompt', 'langfuse', 'promptfoo'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What each format is called where a person chooses it. */
export const EXPORT_FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  seed: 'Prompt Workbench (seed YAML)',
  prompty: 'Prompty (.prompty)',
  dotprompt: 'Dotprompt (.prompt)',
  langfuse: 'Langfuse (JSON)',
  promptfoo: 'promptfoo (promptfooconfig.yaml)',
};
