import { expect } from 'vitest';
import type { Field, ParseResult } from '../../../src/engine/fields/field.ts';
import type { FieldError } from '../../../src/engine/types.ts';
import { ctx } from '../sample-journey.ts';

/** What a person's form post turns into: readRaw over the body, then parse. */
export function submit(field: Field, body: Record<string, unknown>): ParseResult {
  return field.parse(field.readRaw(body), ctx);
}

export function valueOf(result: ParseResult): unknown {
  if (!result.ok) throw new Error(`expected a value, got errors ${JSON.stringify(result.errors)}`);
  return result.value;
}

export function errorsOf(result: ParseResult): readonly FieldError[] {
  if (result.ok) throw new Error(`expected errors, got the value ${JSON.stringify(result.value)}`);
  return result.errors;
}

export function onlyError(result: ParseResult): FieldError {
  const errors = errorsOf(result);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (!error) throw new Error('no error');
  return error;
}
