// Vets user regex patterns before they are compiled, so a schema cannot make validation hang.
//
// JavaScript's backtracking engine can take exponential or high-polynomial time on some
// patterns. Three checks run on every `regex` validator when its schema is compiled:
// 1. no nested repetition of variable length (`(a+)+`, `(.*a){20}`, `(\d{1,4})+`): safe-regex2
//    screens for nesting, then our parser confirms it, because safe-regex2 also counts fixed and
//    optional quantifiers and so rejects harmless patterns like the seed's ZIP `^\d{5}(-\d{4})?$`;
// 2. the alternatives of a repeated group must not overlap (`(a|a)*`, `(\w|\d)+`);
// 3. chains of unbounded repetitions that can match the same text, with nothing between them
//    that the earlier one cannot eat, cost O(n^k) for a chain of k, one degree more when the
//    pattern is not anchored with `^` (search retries every start). At most quadratic is allowed:
//    unanchored `\d*\d*x` and `.*\d+` are rejected, anchored `^\d*\d*x$` passes, `^.+@.+\..+$`
//    (three) is rejected, `[^@]+@[^@]+` (separated) is fine.
// The checks are deliberately conservative: they may reject a harmless pattern, never hang.
// What remains (quadratic at worst) is bounded by capping the length of values tested against a
// pattern (PATTERN_INPUT_MAX_LENGTH): about half a second at the cap.
import { safeRegex } from 'safe-regex2';
import { AppError } from '../errors';

/** Longest pattern a schema may declare. */
export const PATTERN_MAX_LENGTH = 1_000;

/**
 * Longest value tested against a user pattern; longer values fail with a `max_length` issue
 * before the pattern runs. Measured: one unbounded repetition under search (`\d+x`) takes about
 * 0.2 s on 10,000 characters and about 20 s on 100,000, hence this bound.
 */
export const PATTERN_INPUT_MAX_LENGTH = 10_000;

/** Where a pattern comes from, for error messages. */
export interface PatternSource {
  schema: string;
  field: string;
}

/**
 * Compiles a user pattern as JavaScript does: with the `u` flag when the pattern is valid
 * Unicode-mode syntax, else without (the seed's Python patterns often escape characters, like
 * `\_`, that `u` mode rejects). Throws the RegExp SyntaxError when neither compiles.
 */
export function compileUserPattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** Throws AppError('invalid_input') naming schema, field and pattern when the pattern is unsafe. */
export function assertSafePattern(pattern: string, source: PatternSource): void {
  const fail = (reason: string): never => {
    const shown = pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern;
    throw new AppError(
      'invalid_input',
      `Schema '${source.schema}', field '${source.field}': the regex '${shown}' ${reason}`,
      { schema: source.schema, field: source.field, rule: 'regex' },
    );
  };
  if (pattern.length > PATTERN_MAX_LENGTH) {
    fail(`is longer than ${PATTERN_MAX_LENGTH} characters`);
  }
  try {
    compileUserPattern(pattern);
  } catch (error) {
    fail(`is not a valid regular expression (${(error as Error).message})`);
  }
  const problem = findBacktrackingHazard(pattern, !safeRegex(pattern));
  if (problem !== undefined) fail(problem);
}

// ---- A small parser for the parts of the syntax that matter to the checks below. ----

type Ranges = Array<[number, number]>;
interface Quantifier {
  min: number;
  max: number;
}
type Atom =
  | { kind: 'chars'; set: Ranges; q: Quantifier }
  | { kind: 'group'; options: Atom[][]; q: Quantifier }
  | { kind: 'assert'; q: Quantifier; anchor?: boolean };

const MAX_CODE_POINT = 0x10ffff;
const ANY: Ranges = [[0, MAX_CODE_POINT]];
const ONCE: Quantifier = { min: 1, max: 1 };
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const SPACE: Ranges = [
  [9, 13],
  [32, 32],
  [160, 160],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

function complement(set: Ranges): Ranges {
  const sorted = [...set].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function overlaps(a: Ranges, b: Ranges): boolean {
  return a.some(([lo, hi]) => b.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi));
}

class PatternParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Atom[][] {
    return this.alternatives();
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private alternatives(): Atom[][] {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options;
  }

  private sequence(): Atom[] {
    const atoms: Atom[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      atom.q = this.quantifier();
      atoms.push(atom);
    }
    return atoms;
  }

  private atom(): Atom {
    const ch = this.peek();
    this.pos++;
    if (ch === '(') return this.group();
    if (ch === '[') return { kind: 'chars', set: this.charClass(), q: ONCE };
    if (ch === '.') return { kind: 'chars', set: ANY, q: ONCE };
    if (ch === '^') return { kind: 'assert', q: ONCE, anchor: true };
    if (ch === '$') return { kind: 'assert', q: ONCE };
    if (ch === '\\') {
      const escaped = this.escape(false);
      return escaped === 'assert'
        ? { kind: 'assert', q: ONCE }
        : { kind: 'chars', set: escaped, q: ONCE };
    }
    return { kind: 'chars', set: this.literalAt(this.pos - 1), q: ONCE };
  }

  private literalAt(index: number): Ranges {
    const code = this.src.codePointAt(index) ?? 0;
    if (code > 0xffff) this.pos++;
    return [[code, code]];
  }

  private group(): Atom {
    let lookaround = false;
    if (this.peek() === '?') {
      const kind = this.peek(1);
      if (kind === '=' || kind === '!') {
        lookaround = true;
        this.pos += 2;
      } else if (kind === '<' && (this.peek(2) === '=' || this.peek(2) === '!')) {
        lookaround = true;
        this.pos += 3;
      } else if (kind === '<') {
        const close = this.src.indexOf('>', this.pos);
        this.pos = close < 0 ? this.src.length : close + 1;
      } else {
        this.pos += 2;
      }
    }
    const options = this.alternatives();
    this.pos++; // the closing parenthesis
    return lookaround ? { kind: 'assert', q: ONCE } : { kind: 'group', options, q: ONCE };
  }

  private charClass(): Ranges {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const set: Ranges = [];
    // In JavaScript a `]` right after `[` closes the class: `[]` matches nothing, `[^]` anything.
    while (this.pos < this.src.length && this.peek() !== ']') {
      const lo = this.classMember();
      if (
        this.peek() === '-' &&
        this.peek(1) !== ']' &&
        lo.length === 1 &&
        lo[0]?.[0] === lo[0]?.[1]
      ) {
        this.pos++;
        const hi = this.classMember();
        const start = lo[0]?.[0] ?? 0;
        const end = hi.length === 1 ? (hi[0]?.[1] ?? start) : MAX_CODE_POINT;
        set.push([start, Math.max(start, end)]);
        if (hi.length !== 1) set.push(...hi);
      } else {
        set.push(...lo);
      }
    }
    this.pos++; // the closing bracket
    return negated ? complement(set) : set;
  }

  private classMember(): Ranges {
    const ch = this.peek();
    this.pos++;
    if (ch !== '\\') return this.literalAt(this.pos - 1);
    const escaped = this.escape(true);
    return escaped === 'assert' ? [[8, 8]] : escaped;
  }

  /** Reads the escape after a backslash; `\b` is a backspace inside a class, else an assertion. */
  private escape(inClass: boolean): Ranges | 'assert' {
    const ch = this.peek();
    this.pos++;
    switch (ch) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'b':
      case 'B':
        return inClass ? [[8, 8]] : 'assert';
      case 'x':
      case 'u':
        return this.hexEscape(ch);
      case 'p':
      case 'P':
      case 'k':
        this.skipBraced();
        return ANY;
      case 'c':
        this.pos++;
        return ANY;
      default:
        if (/[1-9]/.test(ch)) {
          while (/[0-9]/.test(this.peek())) this.pos++;
          return ANY; // a backreference can match anything its group matched
        }
        if (ch in SIMPLE_ESCAPES) {
          const code = SIMPLE_ESCAPES[ch] ?? 0;
          return [[code, code]];
        }
        return this.literalAt(this.pos - 1);
    }
  }

  private hexEscape(kind: string): Ranges {
    const braced = kind === 'u' && this.peek() === '{';
    const match = braced
      ? /^\{([0-9a-fA-F]+)\}/.exec(this.src.slice(this.pos))
      : new RegExp(`^([0-9a-fA-F]{${kind === 'x' ? 2 : 4}})`).exec(this.src.slice(this.pos));
    if (match === null || match[1] === undefined) return [[kind.charCodeAt(0), kind.charCodeAt(0)]];
    this.pos += match[0].length;
    const code = Math.min(parseInt(match[1], 16), MAX_CODE_POINT);
    return [[code, code]];
  }

  private skipBraced(): void {
    const open = this.peek();
    if (open !== '{' && open !== '<') return;
    const close = this.src.indexOf(open === '{' ? '}' : '>', this.pos);
    this.pos = close < 0 ? this.src.length : close + 1;
  }

  private quantifier(): Quantifier {
    const ch = this.peek();
    let q: Quantifier | undefined;
    if (ch === '*') q = { min: 0, max: Infinity };
    else if (ch === '+') q = { min: 1, max: Infinity };
    else if (ch === '?') q = { min: 0, max: 1 };
    if (q !== undefined) {
      this.pos++;
    } else {
      const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (braces === null) return ONCE;
      this.pos += braces[0].length;
      const min = Number(braces[1]);
      const max = braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Infinity;
      q = { min, max };
    }
    if (this.peek() === '?') this.pos++; // lazy quantifiers backtrack just as much
    return q;
  }
}

// ---- The checks. ----

/** Characters the atom can consume anywhere. */
function charsOf(atom: Atom): Ranges {
  if (atom.kind === 'chars') return atom.set;
  if (atom.kind === 'assert') return [];
  return atom.options.flatMap((seq) => seq.flatMap(charsOf));
}

/** Characters that can start a match of the sequence (zero-width and optional atoms are passed). */
function firstCharsOf(seq: Atom[]): Ranges {
  const out: Ranges = [];
  for (const atom of seq) {
    if (atom.kind === 'chars') out.push(...atom.set);
    if (atom.kind === 'group') out.push(...atom.options.flatMap(firstCharsOf));
    const skippable = atom.kind === 'assert' || atom.q.min === 0 || canBeEmpty(atom);
    if (!skippable) break;
  }
  return out;
}

function canBeEmpty(atom: Atom): boolean {
  if (atom.kind === 'assert' || atom.q.min === 0) return true;
  if (atom.kind === 'chars') return false;
  return atom.options.some((seq) => seq.every(canBeEmpty));
}

function repeatsUnbounded(atom: Atom): boolean {
  if (atom.q.max === Infinity) return true;
  return atom.kind === 'group' && atom.options.some((seq) => seq.some(repeatsUnbounded));
}

const OVERLAPPING_ALTERNATIVES =
  'repeats a group whose alternatives can match the same text, so matching could hang';
const OVERLAPPING_REPETITIONS =
  'chains repetitions that can match the same text (like \\d*\\d*x or ^.+@.+\\..+$), so matching could hang; narrow them with classes such as [^@]+';

function alternativesOverlap(options: Atom[][]): boolean {
  const firsts = options.map(firstCharsOf);
  return firsts.some((a, i) => firsts.slice(i + 1).some((b) => overlaps(a, b)));
}

/**
 * The longest chain of unbounded repetitions in `seq` where each can match what the previous
 * one matches and nothing between them separates them. A chain of k costs O(n^k) backtracking,
 * plus one degree when the pattern is not anchored with `^` (search retries every start).
 */
function longestRepetitionChain(seq: Atom[]): number {
  const sets = seq.map(charsOf);
  const unbounded = seq.map(repeatsUnbounded);
  const optional = seq.map(canBeEmpty);
  const chain = seq.map(() => 0);
  let longest = 0;
  for (let i = 0; i < seq.length; i++) {
    if (!unbounded[i]) continue;
    const length = Math.max(chain[i] ?? 0, 1);
    longest = Math.max(longest, length);
    const own = sets[i] ?? [];
    for (let j = i + 1; j < seq.length; j++) {
      const shared = overlaps(own, sets[j] ?? []);
      if (unbounded[j] && shared) chain[j] = Math.max(chain[j] ?? 0, length + 1);
      // Text between two repetitions separates them when the earlier one cannot eat it.
      if (!optional[j] && !shared) break;
    }
  }
  return longest;
}

function hazardInSequence(seq: Atom[], anchored: boolean): string | undefined {
  for (const atom of seq) {
    if (atom.kind !== 'group') continue;
    if (atom.q.max > 1 && atom.options.length > 1 && alternativesOverlap(atom.options)) {
      return OVERLAPPING_ALTERNATIVES;
    }
    for (const option of atom.options) {
      const inner = hazardInSequence(option, anchored);
      if (inner !== undefined) return inner;
    }
  }
  const allowed = anchored ? 2 : 1;
  return longestRepetitionChain(seq) > allowed ? OVERLAPPING_REPETITIONS : undefined;
}

function isVariableRepetition(atom: Atom): boolean {
  return atom.q.max > 1 && atom.q.min !== atom.q.max;
}

/** True when a repeated group contains a repetition of variable length, at any depth. */
function hasNestedRepetition(atoms: Atom[], insideRepeat: boolean): boolean {
  return atoms.some((atom) => {
    if (insideRepeat && isVariableRepetition(atom)) return true;
    if (atom.kind !== 'group') return false;
    const repeats = insideRepeat || atom.q.max > 1;
    return atom.options.some((seq) => hasNestedRepetition(seq, repeats));
  });
}

/**
 * Describes the backtracking hazard in a (compilable) pattern, or returns undefined.
 * `mayNest` is safe-regex2's verdict: nested repetition is only looked for when it flags some.
 */
export function findBacktrackingHazard(pattern: string, mayNest = true): string | undefined {
  const options = new PatternParser(pattern).parse();
  if (mayNest && options.some((seq) => hasNestedRepetition(seq, false))) {
    return 'nests repetitions (like (a+)+ or (.*a){20}), so matching could hang';
  }
  for (const seq of options) {
    const anchored = seq[0]?.kind === 'assert' && seq[0].anchor === true;
    const problem = hazardInSequence(seq, anchored);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
