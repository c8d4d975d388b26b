import { describe, it, expect } from 'vitest';
import { REFERENCE_ALPHABET, generateReference, type RandomIndex } from '../../src/rules/reference.ts';

const FORMAT = /^IRM-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

function sequence(values: readonly number[]): RandomIndex {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('the alphabet', () => {
  it.each(['0', 'O', '1', 'I', 'L', 'U', 'Z', 'S', 'B'])('leaves out the easily mistaken %s', (char) => {
    expect(REFERENCE_ALPHABET).not.toContain(char);
  });

  it('has no repeats and only capitals and digits', () => {
    expect(new Set(REFERENCE_ALPHABET).size).toBe(REFERENCE_ALPHABET.length);
    expect(REFERENCE_ALPHABET).toMatch(/^[A-Z2-9]+$/);
  });
});

describe('generateReference', () => {
  it('formats eight characters from the random source in two groups', () => {
    expect(generateReference(() => 0)).toBe('IRM-AAAA-AAAA');
    expect(generateReference(sequence([0, 1, 2, 3, 4, 5, 6, 7]))).toBe(`IRM-${REFERENCE_ALPHABET.slice(0, 4)}-${REFERENCE_ALPHABET.slice(4, 8)}`);
    expect(generateReference(() => REFERENCE_ALPHABET.length - 1)).toBe('IRM-9999-9999');
  });

  it('asks the random source for an index below the alphabet size', () => {
    const asked: number[] = [];
    generateReference((max) => {
      asked.push(max);
      return 0;
    });
    expect(asked).toEqual(Array(8).fill(REFERENCE_ALPHABET.length));
  });

  it.each([REFERENCE_ALPHABET.length, -1, 1.5])('refuses a random source that gives %s', (bad) => {
    expect(() => generateReference(() => bad)).toThrow(RangeError);
  });

  it('10,000 references are all valid and use the whole alphabet evenly', () => {
    const refs = Array.from({ length: 10_000 }, () => generateReference());
    for (const ref of refs) expect(ref).toMatch(FORMAT);
    // Uniqueness is the database's job (unique constraint + retry, tested in the
    // store suite): asserting it here would fail by chance about 1 run in 5,600.

    const counts = new Map<string, number>();
    for (const ref of refs) {
      for (const char of ref.slice(4).replace('-', '')) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe(Array.from(REFERENCE_ALPHABET).sort().join(''));
    // 80,000 characters over 27 is ~2,963 each (sd ~53): these bounds are over 7 sd wide.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(2_563);
      expect(count).toBeLessThan(3_363);
    }
  });
});
