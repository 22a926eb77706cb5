// What every `pwb` command uses: its own flags, calls through the contract, number flags.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { fromSerialized } from '../../src-shared/errors';
import type { OperationName, RequestOf, ResponseOf } from '../../src-shared/contract/operations';
import type { DispatchOptions } from '../services/dispatch';
import type { CommandContext } from './commands';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's own flags; unknown flags are usage errors. */
export function flags<O extends Options>(args: string[], options: O, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${message.split('\n')[0]}`);
  }
}

/** Calls one contract operation; an error outcome becomes a thrown AppError. */
export async function call<N extends OperationName>(
  ctx: CommandContext,
  name: N,
  request: RequestOf<N>,
  options: DispatchOptions = {},
): Promise<ResponseOf<N>> {
  const outcome = await ctx.dispatcher.dispatch(name, request, options);
  if (!outcome.ok) throw fromSerialized(outcome.error);
  return outcome.value as ResponseOf<N>;
}

/** A number flag in a range; anything else is a usage error (exit 2). */
export function numberFlag(
  value: string | undefined,
  flag: string,
  rule: { min: number; max: number; integer?: boolean; above?: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  const ok =
    Number.isFinite(number) &&
    (rule.integer !== true || Number.isInteger(number)) &&
    (rule.above === true ? number > rule.min : number >= rule.min) &&
    number <= rule.max;
  if (!ok) {
    const kind = rule.integer === true ? 'a whole number' : 'a number';
    const low = rule.above === true ? `above ${rule.min}` : `from ${rule.min}`;
    throw new UsageError(`${flag} must be ${kind} ${low} to ${rule.max}, got '${value}'`);
  }
  return number;
}

/** The positionals a subcommand takes, exactly: missing or extra ones are usage errors. */
export function exactly(
  positionals: string[],
  names: readonly string[],
  command: string,
): string[] {
  names.forEach((name, index) => {
    const value = positionals[index];
    if (value === undefined || value === '') throw new UsageError(`${command}: missing <${name}>`);
  });
  if (positionals.length > names.length) {
    throw new UsageError(`${command}: unexpected argument '${positionals[names.length]}'`);
  }
  return positionals;
}

/** Pretty JSON with a closing newline, as every `--json` prints. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
