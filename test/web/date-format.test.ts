import express from 'express';
import { describe, expect, it } from 'vitest';
import { formatGovukDate } from '../../src/web/date-format.ts';
import { configureViews } from '../../src/web/views.ts';

describe('formatGovukDate', () => {
  it.each([
    ['2025-01-03', 'en', '3 January 2025'],
    ['2025-01-03', 'cy', '3 Ionawr 2025'],
    ['2026-02-28', 'cy', '28 Chwefror 2026'],
    ['2024-12-25', 'en', '25 December 2024'],
    ['2024-07-31', 'cy', '31 Gorffennaf 2024'],
  ] as const)('%s in %s → %s', (date, lang, expected) => {
    expect(formatGovukDate(date, lang)).toBe(expected);
  });

  it.each(['2025-02-30', '3/1/2025', '', 'not a date'])('leaves %j as it is', (value) => {
    expect(formatGovukDate(value, 'en')).toBe(value);
  });
});

describe('the govukDate template filter', () => {
  const env = configureViews(express(), { isProduction: false });

  it('uses the page’s language, or the one it is given', () => {
    expect(env.renderString('{{ d | govukDate }}', { d: '2025-03-01', lang: 'cy' })).toBe('1 Mawrth 2025');
    expect(env.renderString('{{ d | govukDate }}', { d: '2025-03-01' })).toBe('1 March 2025');
    expect(env.renderString("{{ d | govukDate('cy') }}", { d: '2025-03-01', lang: 'en' })).toBe('1 Mawrth 2025');
  });
});
