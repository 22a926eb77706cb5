// Hostile prompt and schema files, generated in code (nothing big or binary is committed).
import { MAX_YAML_BYTES } from '../../src-shared/yaml/parseYaml';

/** One hostile file: its name, its bytes, and the refusal it must get. */
export interface HostileFile {
  title: string;
  name: string;
  content: string | Uint8Array;
  code: 'invalid_input' | 'too_large';
  message: RegExp;
}

const prompt = (body: string): string => `id: evil\nformat: text\n${body}`;

/** Nine levels of nine-fold aliases: a billion values if expanded. */
export function aliasBomb(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < 9; level += 1) {
    const ref = `*a${level - 1}`;
    lines.push(`a${level}: &a${level} [${Array(9).fill(ref).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** A block mapping nested `depth` levels by indentation. */
export function deepBlockYaml(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}k:`).join('\n');
}

function binaryBytes(): Uint8Array {
  const bytes = new Uint8Array(4096);
  // A fixed pseudo-random sequence: deterministic, with NULs and high bytes throughout.
  let state = 12345;
  for (let index = 0; index < bytes.length; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[index] = state % 256;
  }
  bytes[3] = 0;
  return bytes;
}

function invalidUtf8(): Uint8Array {
  const head = new TextEncoder().encode('id: evil\nformat: text\ntemplate:\n  content: "caf');
  return new Uint8Array([...head, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x0a]);
}

/** Every hostile file the import must refuse, with the refusal it must give. */
export function hostileFiles(): HostileFile[] {
  return [
    {
      title: 'malformed YAML',
      name: 'broken.yaml',
      content: prompt('template:\n  content: [unclosed\n'),
      code: 'invalid_input',
      message: /^broken\.yaml: invalid YAML: .*\(line \d+, column \d+\)$/,
    },
    {
      title: 'a YAML alias bomb',
      name: 'bomb.yaml',
      content: aliasBomb(),
      code: 'invalid_input',
      message: /^bomb\.yaml: document uses too many aliases \(the limit is 100\)$/,
    },
    {
      title: 'flow nesting 20,000 deep',
      name: 'deep-flow.yaml',
      content: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      code: 'invalid_input',
      message: /^deep-flow\.yaml: document is nested too deeply \(the limit is 64 levels\)/,
    },
    {
      title: 'compact block nesting 20,000 deep',
      name: 'deep-block.yaml',
      content: `${'- '.repeat(20_000)}x\n`,
      code: 'invalid_input',
      message: /^deep-block\.yaml: document is nested too deeply \(the limit is 64 levels\)/,
    },
    {
      title: 'block nesting 1,000 deep (under the size limit)',
      name: 'deep-block-small.yaml',
      content: deepBlockYaml(1_000),
      code: 'invalid_input',
      message: /^deep-block-small\.yaml: document is nested too deeply \(the limit is 64 levels\)/,
    },
    {
      title: 'binary content',
      name: 'binary.yaml',
      content: binaryBytes(),
      code: 'invalid_input',
      message: /^binary\.yaml: not valid UTF-8 text$/,
    },
    {
      title: 'invalid UTF-8',
      name: 'latin1.yaml',
      content: invalidUtf8(),
      code: 'invalid_input',
      message: /^latin1\.yaml: not valid UTF-8 text$/,
    },
    {
      title: 'a NUL byte in valid UTF-8',
      name: 'nul.yaml',
      content: prompt('template:\n  content: "a\u0000b"\n'),
      code: 'invalid_input',
      message: /^nul\.yaml: file looks binary: it contains a NUL byte \(line 4, column \d+\)$/,
    },
    {
      title: 'a file over the size limit',
      name: 'huge.yaml',
      content: prompt(`template:\n  content: "${'x'.repeat(MAX_YAML_BYTES)}"\n`),
      code: 'too_large',
      message: new RegExp(
        `^huge\\.yaml: file is \\d+ bytes, over the ${MAX_YAML_BYTES}-byte limit$`,
      ),
    },
    {
      title: 'a __proto__ key',
      name: 'proto.yaml',
      content: prompt('template:\n  content: hi\nmetadata:\n  __proto__:\n    polluted: yes\n'),
      code: 'invalid_input',
      message: /^proto\.yaml: the key '__proto__' is not allowed \(line 6, column 3\)$/,
    },
    {
      title: 'a constructor key',
      name: 'ctor.yaml',
      content: prompt('template:\n  content: hi\n  partials:\n    constructor: x\n'),
      code: 'invalid_input',
      message:
        /^ctor\.yaml: invalid prompt: template\.partials\.constructor: the key 'constructor' is not allowed \[forbidden_key\]$/,
    },
    {
      title: 'wrong types in every field',
      name: 'types.yaml',
      content:
        'id: 5\nversion: [1]\nformat: 7\ntemplate: text\nstatus: {a: 1}\nmetadata: list\ninput_schema: 3\n',
      code: 'invalid_input',
      message:
        /^types\.yaml: invalid prompt: id: id must be a string \(got an integer\) \[type\] \(and \d+ more problem\(s\)\)$/,
    },
    {
      title: 'an unknown key',
      name: 'unknown.yaml',
      content: prompt('template:\n  content: hi\nrun_on_load: rm -rf /\n'),
      code: 'invalid_input',
      message:
        /^unknown\.yaml: invalid prompt: run_on_load: unknown key 'run_on_load' is not permitted in a prompt document \[unknown_key\]$/,
    },
    {
      title: 'a path-traversal id',
      name: 'traversal.yaml',
      content: 'id: ../../etc/passwd\nformat: text\ntemplate:\n  content: hi\n',
      code: 'invalid_input',
      message: /^traversal\.yaml: invalid prompt: id: .*\[pattern\]/,
    },
    {
      title: 'a custom YAML tag',
      name: 'tag.yaml',
      content: prompt('template: !!python/object:os.system\n  content: hi\n'),
      code: 'invalid_input',
      message: /^tag\.yaml: custom YAML tags are not allowed/,
    },
    {
      title: 'a schema with a catastrophic regex',
      name: 'redos.yaml',
      content:
        'schemas:\n  - name: redos\n    fields:\n      - name: f\n        type: string\n        validators:\n          - type: regex\n            pattern: "^(a+)+$"\n',
      code: 'invalid_input',
      message:
        /^redos\.yaml: Schema 'redos', field 'f': the regex '\^\(a\+\)\+\$' nests repetitions .*so matching could hang$/,
    },
  ];
}
