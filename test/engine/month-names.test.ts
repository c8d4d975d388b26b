import { describe, expect, it } from 'vitest';
import { monthFromName, monthNameLookup } from '../../src/engine/month-names.ts';

describe('month names from Intl', () => {
  const both = monthNameLookup(['en', 'cy']);

  it.each([
    ['january', 1],
    ['jan', 1],
    ['ionawr', 1],
    ['chwefror', 2],
    ['mawrth', 3],
    ['march', 3],
    ['mai', 5],
    ['may', 5],
    ['mehefin', 6],
    ['gorffennaf', 7],
    ['awst', 8],
    ['sep', 9],
    ['sept', 9],
    ['september', 9],
    ['medi', 9],
    ['rhagfyr', 12],
  ])('%s is month %i', (name, month) => {
    expect(both.get(name)).toBe(month);
  });

  it('takes no two-letter or ambiguous beginnings, and nothing that is not a month', () => {
    expect(both.get('ju')).toBeUndefined();
    expect(both.get('ma')).toBeUndefined();
    expect(both.get('smarch')).toBeUndefined();
  });

  it('reads only the languages it is given', () => {
    expect(monthNameLookup(['en']).get('ionawr')).toBeUndefined();
    expect(monthNameLookup(['fr']).get('janvier')).toBe(1);
  });

  it('accepts names in every language the service has locale files for, whatever the case', () => {
    expect(monthFromName('SEPT')).toBe(9);
    expect(monthFromName('Ionawr')).toBe(1);
  });
});
