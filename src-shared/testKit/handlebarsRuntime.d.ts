// Types for the Handlebars runtime internal the engine's fast path reuses; the package ships none.
declare module 'handlebars/dist/cjs/handlebars/internal/proto-access.js' {
  /** The prototype-access rules a template container checks inherited properties against. */
  export function createProtoAccessControl(options: {
    allowProtoPropertiesByDefault?: boolean;
    allowProtoMethodsByDefault?: boolean;
  }): unknown;
}
