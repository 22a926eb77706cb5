// Vite's client types (`?worker` imports, `import.meta.glob`, CSS imports) and the Handlebars
// parser's module declaration, which lives beside the parser in src-shared: the web project
// includes app/ only, so it is referenced from here.
/// <reference types="vite/client" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="../src-shared/template/handlebarsParser.d.ts" />
