import { describe, it, expect } from 'vitest';
import type { Field } from '../../../src/engine/fields/field.ts';
import { textareaField } from '../../../src/engine/fields/textarea.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';

const t = fakeTranslator();

describe('textarea', () => {
  const story = textareaField('story', { maxLength: 9 });
  const long = textareaField('story', { maxLength: 1000 });

  it.each([
    ['First para.\r\n\r\nSecond para.', 'First para.\n\nSecond para.'],
    ['Old Mac\rline', 'Old Mac\nline'],
    ['one\n\n\n\n\ntwo', 'one\n\ntwo'],
    ['trailing   \nspaces\t\nhere', 'trailing\nspaces\nhere'],
    ['  \n  indented stays\n', 'indented stays'],
    ['bell\u0007 gone', 'bell gone'],
    ['\u201Cquoted\u201D', '"quoted"'],
  ])('keeps paragraphs: %j → %j', (raw, cleaned) => {
    expect(valueOf(submit(long, { story: raw }))).toBe(cleaned);
  });

  it('counts a CRLF line break as one character, as the character count does', () => {
    expect(valueOf(submit(story, { story: 'abcd\r\nefgh' }))).toBe('abcd\nefgh');
    expect(onlyError(submit(story, { story: 'abcd\r\nefghi' }))).toMatchObject({ code: 'tooLong', params: { max: 9 } });
  });

  it('counts characters as a person does: an emoji, a flag or an accented letter is one', () => {
    // 9 characters a person sees: 2 emoji (one with a skin tone), a flag, an e with a combining accent, and 5 letters.
    const nine = 'a👍🏽🇬🇧e\u0301bcdf🙂';
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(nine)]).toHaveLength(9);
    expect(nine.length).toBeGreaterThan(9);
    expect(valueOf(submit(story, { story: nine }))).toBe(nine);
    expect(story.accepts(nine, ctx)).toBe(true);
    expect(onlyError(submit(story, { story: `${nine}x` }))).toMatchObject({ code: 'tooLong', params: { max: 9 } });
  });

  it('asks the character count to count the same way (characters, not UTF-16 code units)', () => {
    expect(story.render({ value: undefined }, { t, isPageHeading: false }).countType).toBe('characters');
  });

  it('requires an answer unless optional', () => {
    expect(onlyError(submit(story, { story: ' \r\n ' })).code).toBe('required');
    expect(valueOf(submit(textareaField('story', { maxLength: 9, optional: true }), { story: '' }))).toBe('');
  });

  it.each([
    ['line one\nline two', true],
    ['', false],
    ['x'.repeat(1001), false],
    [['not', 'text'], false],
  ])('accepts saved %j → %s', (saved, accepted) => {
    expect(long.accepts(saved, ctx)).toBe(accepted);
  });
});

describe('render', () => {
  it('textarea: govukCharacterCount with the limit', () => {
    const story = textareaField('story', { maxLength: 500, rows: 4 });
    const shown = story.render({ raw: 'typed', errors: [{ field: 'story', code: 'required', href: '#story' }] }, { t, isPageHeading: true });
    expect(shown).toEqual({
      id: 'story',
      name: 'story',
      maxlength: 500,
      countType: 'characters',
      rows: 4,
      label: { text: 'journey:fields.story.label', isPageHeading: true, classes: 'govuk-label--l' },
      hint: undefined,
      value: 'typed',
      errorMessage: { text: 'journey:fields.story.errors.required' },
    });
    expect(renderFieldTemplate(story.kind, shown)).toBe(renderMacro('character-count', 'govukCharacterCount', shown));
  });
});

describe('summarise', () => {
  it.each<{ field: Field; value: unknown; shown: { text?: string; html?: string } }>([
    { field: textareaField('a', { maxLength: 100 }), value: 'one <i>\n\ntwo', shown: { html: 'one &lt;i&gt;<br><br>two' } },
  ])('$field.kind shows $value safely', ({ field, value, shown }) => {
    expect(field.summarise(value, t)).toEqual(shown);
  });
});
