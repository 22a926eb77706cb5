// Test helpers for refused documents: the issues an invalid_input error carries, and one of them.
import { expect } from 'vitest';
import { caught } from './caught';
import type { FieldIssue } from '../errors';

/** The issues of the invalid_input AppError that `run` throws. */
export function refusalIssues(run: () => unknown): FieldIssue[] {
  const error = caught(run);
  expect(error.code).toBe('invalid_input');
  return error.details?.issues as FieldIssue[];
}

/** Asserts `issues` has one at `path` breaking `rule`, whose message contains `message`. */
export function expectIssueIn(
  issues: readonly FieldIssue[],
  path: string,
  rule: string,
  message?: string,
): void {
  const match = issues.find((issue) => issue.path === path && issue.rule === rule);
  expect(match, JSON.stringify(issues)).toBeDefined();
  if (message !== undefined) expect(match?.message).toContain(message);
}
