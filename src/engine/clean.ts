/** Input cleaning shared by the text-like field kinds. */

const SMART_QUOTES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
];

export function straightenQuotes(s: string): string {
  return SMART_QUOTES.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters as a person counts them (grapheme clusters): an emoji, a flag or
 * a letter with a combining accent is one, though JavaScript's `length` says
 * 2 to 7. govuk-frontend's character count counts the same way when its
 * `countType` is `characters`.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** Single-line text: trim, collapse runs of whitespace, straighten quotes, drop control characters. */
export function cleanLine(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return (
    straightenQuotes(raw)
      // control characters never belong in a one-line answer
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001F\u007F]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Multi-line text: keep line breaks (normalised to \n), trim each end, drop other control characters. */
export function cleanParagraphs(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return (
    straightenQuotes(raw)
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** The first value when a form field was repeated (e.g. ?a=1&a=2), so a crafted body cannot crash parsing. */
export function firstString(raw: unknown): unknown {
  return Array.isArray(raw) ? raw[0] : raw;
}
