// The template API the page may use: parser-only functions (rendering: ./sharedRender in both runtimes, ./nodeRender on the Node side).
export { chatToText } from './chatText';
export { checkTemplate, listPartialReferences, type TemplateDiagnostic } from './diagnostics';
export { HELPER_DOCS, type HelperDoc } from './helperDocs';
export { extractMessageVariables, extractVariables } from './variables';
