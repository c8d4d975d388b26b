import { describe, expect, it } from 'vitest';
import { normaliseEmailAddress, readEmailAddress } from '../../src/save-and-return/email-address.ts';

describe('the email address on the save page and the link’s check', () => {
  it.each([
    ['sam@example.com', 'sam@example.com'],
    ['  Sam.Jones@Example.COM ', 'Sam.Jones@Example.COM'],
    ['sam @ example.com', 'sam@example.com'],
    ['sam+irm@example.co.uk', 'sam+irm@example.co.uk'],
  ])('reads %j as %j', (raw, address) => {
    expect(readEmailAddress(raw)).toEqual({ ok: true, address });
  });

  it.each([
    [undefined, 'required'],
    ['', 'required'],
    ['   ', 'required'],
    [['a@example.com', 'b@example.com'], 'required'],
    ['sam', 'format'],
    ['sam@', 'format'],
    ['@example.com', 'format'],
    ['sam@example', 'format'],
    [`${'a'.repeat(243)}@example.com`, 'tooLong'],
  ] as const)('refuses %j: %s', (raw, problem) => {
    expect(readEmailAddress(raw)).toEqual({ ok: false, problem });
  });

  it('compares addresses however they were capitalised', () => {
    expect(normaliseEmailAddress('Sam.Jones@Example.COM')).toBe(normaliseEmailAddress('sam.jones@example.com'));
  });
});
