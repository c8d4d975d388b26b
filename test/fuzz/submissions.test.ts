import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { EVALUATED_MARKER, PAYLOADS, markedElements } from './submissions.ts';

/** The fuzzing's own checks must be able to fail: a payload rendered raw, or evaluated, is seen. */
describe('the fuzzing’s markers', () => {
  it('finds a markup payload rendered as markup, wherever it lands', () => {
    for (const payload of PAYLOADS.filter((p) => p.includes('<') && p.includes('data-fuzz'))) {
      expect(markedElements(`<main><p>${payload}</p><input value="${payload}"></main>`), payload).not.toEqual([]);
    }
  });

  it('does not take an escaped payload for markup', () => {
    const escaped = nunjucks.renderString('<p>{{ v }}</p><input value="{{ v }}"><textarea>{{ v }}</textarea>', { v: PAYLOADS.join(' ') });
    expect(markedElements(escaped)).toEqual([]);
    expect(EVALUATED_MARKER.test(escaped)).toBe(false);
  });

  it('finds a template payload that was evaluated', () => {
    const evaluated = PAYLOADS.filter((p) => p.includes('fuzz')).map((p) => nunjucks.renderString(p, {}));
    expect(evaluated.filter((text) => EVALUATED_MARKER.test(text))).toHaveLength(3);
  });
});
