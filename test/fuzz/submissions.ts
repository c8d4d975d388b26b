import fc from 'fast-check';
import { parse } from 'parse5';

/**
 * Generated form submissions: what a person, a broken browser or an attacker
 * might send to a page. Every value that could be shown again carries a
 * marker (`data-fuzz`, `fuzz` ~ `tmpl`) that must never come back as markup
 * or as an evaluated template.
 */

/** Markup and template payloads. Escaped, they show as text; unescaped, a `data-fuzz` element would be parsed, or `fuzztmpl` would appear. */
export const PAYLOADS = [
  '<script data-fuzz>alert(1)</script>',
  '<img src=x onerror=alert(1) data-fuzz>',
  '"><b data-fuzz>bold</b>',
  "'><svg data-fuzz onload=alert(1)>",
  '{{ "fuzz" ~ "tmpl" }}',
  '{% if true %}{{ "fuzz" ~ "tmpl" }}{% endif %}',
  '{{ range(3) | join("fuzz") }}',
  '{{constructor.constructor("return 1")()}}',
  '$t(engine:continue)',
  '{{max}} {{- lng}}',
  '](javascript:alert(1))',
  '&lt;i data-fuzz&gt; &amp; &#60;u data-fuzz&#62;',
  '<!-- --> <![CDATA[x]]>',
] as const;

/** The marker attribute of the markup payloads: an element that has it was rendered unescaped. */
const MARKER_ATTRIBUTE = 'data-fuzz';

interface HtmlNode {
  readonly nodeName: string;
  readonly attrs?: ReadonlyArray<{ readonly name: string }>;
  readonly childNodes?: readonly HtmlNode[];
  readonly content?: HtmlNode;
}

/** The elements a browser would make of the page that carry the marker (the page parsed as HTML, as a browser parses it). */
export function markedElements(html: string): string[] {
  // Parsing is the slow part: a page without the marker's name anywhere has no such element.
  if (!html.includes(MARKER_ATTRIBUTE)) return [];
  const found: string[] = [];
  const visit = (node: HtmlNode): void => {
    if (node.attrs?.some((attribute) => attribute.name === MARKER_ATTRIBUTE)) found.push(node.nodeName);
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(html));
  return found;
}
/** What a payload's template expression gives if evaluated: never in a page. */
export const EVALUATED_MARKER = /fuzztmpl|0fuzz1fuzz2/;

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const ODD_SPACES = ['\u0085', '\u00A0', '\u1680', '\u2028', '\u2029', '\u200B', '\u200D', '\uFEFF', '\u3000', '\r\n', '\r', '\n\n\n'];
const ASTRAL = ['🙂', '👩‍👧‍👦', '🇬🇧', '𝕏', '𠜎', 'é', 'ﷺ', 'ẞ', 'İ', 'ǅ', 'ﬃ'];

const controlCharacter = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f)).map((code) => String.fromCharCode(code));

/** One piece of a value. */
const piece = (offered: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: controlCharacter },
    { weight: 1, arbitrary: fc.constantFrom(...BIDI) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_SPACES) },
    { weight: 1, arbitrary: fc.constantFrom(...ASTRAL) },
    { weight: 1, arbitrary: fc.integer({ min: -40, max: 10_000 }).map(String) },
    { weight: offered.length > 0 ? 4 : 0, arbitrary: offered.length > 0 ? fc.constantFrom(...offered) : fc.constant('') },
  );

/** A value: short and odd, long (past the fields' limits), or huge (past the form's). */
export const value = (offered: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 40, arbitrary: fc.array(piece(offered), { maxLength: 6 }).map((pieces) => pieces.join('')) },
    { weight: 6, arbitrary: fc.constantFrom(...offered, '') },
    {
      weight: 3,
      arbitrary: fc
        .tuple(piece(offered), fc.integer({ min: 100, max: 6500 }))
        .map(([text, length]) => (text === '' ? 'x' : text).repeat(length).slice(0, length * 2)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', '🙂', '%', '<b data-fuzz>', '\u202E'), fc.integer({ min: 80_000, max: 200_000 }))
        .map(([text, bytes]) => text.repeat(Math.ceil(bytes / text.length))),
    },
  );

/** Names that are not the page's own: special to JavaScript objects or to query-string parsers, the engine's buttons, or anything. */
const strangeName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'a[b]',
    'a[]',
    '_saveForLater',
    'action',
    'upload',
    'remove',
    '_lang',
    '',
  ),
  fc.string({ maxLength: 10 }),
);

export type Encoding = 'form' | 'json' | 'text' | 'multipart' | 'none' | 'raw-bytes';

export interface Submission {
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly encoding: Encoding;
  /** Whether the CSRF token is sent (first, as a page's form sends it), so that the submission reaches the page. */
  readonly withToken: boolean;
  /** For 'raw-bytes': bytes after the fields, not valid UTF-8 or URL-encoding. */
  readonly rawTail: Uint8Array;
  /** For forms: the charset the Content-Type names, and a Content-Encoding the body does not have. */
  readonly charset: string | undefined;
  readonly contentEncoding: string | undefined;
  /** After the page's path: a return address, a language, or anything. */
  readonly query: string;
  /** Sent without the session's cookie: a session that has ended, or a forged form from elsewhere. */
  readonly withoutSession: boolean;
}

/** Submissions to a page whose inputs are `names` and whose choices are `offered`. */
export const submission = (names: readonly string[], offered: readonly string[]): fc.Arbitrary<Submission> => {
  const name = names.length > 0 ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: strangeName }) : strangeName;
  return fc.record({
    // Missing fields (an empty list, or names left out) and repeated ones (a name drawn twice) both come from drawing names.
    fields: fc.array(fc.tuple(name, value(offered)), { maxLength: Math.max(4, names.length * 2) }),
    encoding: fc.oneof(
      { weight: 20, arbitrary: fc.constant<Encoding>('form') },
      { weight: 1, arbitrary: fc.constantFrom<Encoding>('json', 'text', 'multipart', 'none', 'raw-bytes') },
    ),
    withToken: fc.oneof({ weight: 30, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    rawTail: fc.uint8Array({ maxLength: 24 }),
    charset: fc.oneof(
      { weight: 20, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('utf-8', 'UTF-8', 'iso-8859-1', 'utf-16', 'us-ascii', 'x-unknown', '') },
    ),
    contentEncoding: fc.oneof(
      { weight: 30, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-bogus') },
    ),
    withoutSession: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    query: fc.oneof(
      { weight: 12, arbitrary: fc.constant('') },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.constantFrom('?return=/apply/check-answers', '?return=//evil.example', '?return=/\\evil.example', '?lang=cy', '?lang=xx', '?return[]=a&return=b'),
          fc.string({ maxLength: 20 }).map((text) => `?return=${encodeURIComponent(text)}`),
        ),
      },
    ),
  });
};

/** The request for a submission: its headers and body. */
export function encode(submission: Submission, token: string): { headers: Record<string, string>; body?: BodyInit } {
  const fields = submission.withToken ? [['_csrf', token] as const, ...submission.fields] : submission.fields;
  const formHeaders = {
    'content-type': `application/x-www-form-urlencoded${submission.charset === undefined ? '' : `; charset=${submission.charset}`}`,
    ...(submission.contentEncoding === undefined ? {} : { 'content-encoding': submission.contentEncoding }),
  };
  switch (submission.encoding) {
    case 'form':
      return { headers: formHeaders, body: new URLSearchParams(fields.map(([n, v]) => [n, v])).toString() };
    case 'raw-bytes': {
      const start = Buffer.from(`${new URLSearchParams(fields.map(([n, v]) => [n, v])).toString()}&`);
      return { headers: formHeaders, body: new Uint8Array(Buffer.concat([start, submission.rawTail])) };
    }
    case 'json':
      // A script's way to send the token is the header: the page is reached, with a body it does not read.
      return {
        headers: { 'content-type': 'application/json', ...(submission.withToken ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify(Object.fromEntries(fields)),
      };
    case 'text':
      return {
        headers: { 'content-type': 'text/plain', ...(submission.withToken ? { 'x-csrf-token': token } : {}) },
        body: fields.map(([n, v]) => `${n}=${v}`).join('\n'),
      };
    case 'multipart': {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      return { headers: {}, body: form };
    }
    case 'none':
      return { headers: submission.withToken ? { 'x-csrf-token': token } : {} };
  }
}
