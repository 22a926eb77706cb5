// Reads prompt variables from --vars JSON, --vars-file F and repeated --var k=v flags.
import { resolve } from 'node:path';
import { AppError } from '../../src-shared/errors';
import { defineOwn } from '../../src-shared/plainData';
import { MAX_JSON_INPUT_BYTES, readInputFile } from './readInput';
import { UsageError } from './usage';

/** The variable flags of one command line. */
export interface VariableFlags {
  vars?: string;
  'vars-file'?: string;
  var?: string[];
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('invalid_input', `${where} must be a JSON object of variables`);
  }
  return value as Record<string, unknown>;
}

function parseJson(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'invalid JSON';
    throw new AppError('invalid_input', `${where} is not valid JSON: ${reason}`);
  }
  return asObject(value, where);
}

/** Merges the variable flags: the file or JSON first, then each --var on top. */
export async function readVariables(
  flags: VariableFlags,
  cwd: string,
): Promise<Record<string, unknown>> {
  if (flags.vars !== undefined && flags['vars-file'] !== undefined) {
    throw new UsageError('use either --vars or --vars-file, not both');
  }
  let variables: Record<string, unknown> = {};
  if (flags.vars !== undefined) variables = parseJson(flags.vars, '--vars');
  if (flags['vars-file'] !== undefined) {
    const text = await readInputFile(
      resolve(cwd, flags['vars-file']),
      flags['vars-file'],
      MAX_JSON_INPUT_BYTES,
    );
    variables = parseJson(text, `--vars-file ${flags['vars-file']}`);
  }
  for (const pair of flags.var ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--var expects name=value, got '${pair}'`);
    // A name like __proto__ must become data, never the object's prototype.
    defineOwn(variables, pair.slice(0, at), pair.slice(at + 1));
  }
  return variables;
}
