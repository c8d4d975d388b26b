import { isValid as isValidPostcode, toNormalised as normalisePostcode } from 'postcode';
import { z } from 'zod';
import { cleanLine, firstString } from '../clean.ts';
import type { FieldError, FieldParams } from '../types.ts';
import { describeError, errorFor, escapeHtml, fieldKey, hintParams, legendParams, type Field, type ParseResult } from './field.ts';

const PARTS = ['line1', 'line2', 'town', 'county', 'postcode'] as const;
type Part = (typeof PARTS)[number];
const REQUIRED: readonly Part[] = ['line1', 'town', 'postcode'];
const MAX = 100;

/** How an address is saved and submitted: every part a string, the optional ones possibly empty. */
export const addressValueSchema = z.object({ line1: z.string(), line2: z.string(), town: z.string(), county: z.string(), postcode: z.string() });

/** What a person may enter: the same parts, checked. */
const addressSchema = addressValueSchema.extend({
  line1: z.string().min(1).max(MAX),
  line2: z.string().max(MAX),
  town: z.string().min(1).max(MAX),
  county: z.string().max(MAX),
  postcode: z.string().refine((p) => isValidPostcode(p)),
});
export type Address = z.infer<typeof addressSchema>;

const AUTOCOMPLETE: Record<Part, string> = {
  line1: 'address-line1',
  line2: 'address-line2',
  town: 'address-level2',
  county: 'address-level1',
  postcode: 'postal-code',
};

/** A UK postal address, GOV.UK "multiple inputs" pattern; the postcode is checked and normalised. */
export function addressField(name: string): Field {
  const id = (part: Part): string => `${name}-${part}`;
  const read = (body: Record<string, unknown>): Record<Part, string> =>
    Object.fromEntries(PARTS.map((p) => [p, cleanLine(firstString(body[id(p)]))])) as Record<Part, string>;

  function parse(raw: unknown): ParseResult {
    const parts = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const value = Object.fromEntries(PARTS.map((p) => [p, cleanLine(parts[p])])) as Record<Part, string>;
    const errors: FieldError[] = [];
    for (const part of REQUIRED) {
      if (value[part] === '') errors.push(errorFor(name, `${part}Required`, { href: `#${id(part)}`, parts: [part] }));
    }
    for (const part of PARTS) {
      if (value[part].length > MAX) errors.push(errorFor(name, 'tooLong', { href: `#${id(part)}`, parts: [part], params: { max: MAX } }));
    }
    if (value.postcode !== '' && !isValidPostcode(value.postcode)) {
      errors.push(errorFor(name, 'postcodeFormat', { href: `#${id('postcode')}`, parts: ['postcode'] }));
    }
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, value: { ...value, postcode: normalisePostcode(value.postcode) ?? value.postcode } };
  }

  return {
    name,
    kind: 'address',
    optional: false,
    // Every part at most MAX (a valid postcode is far shorter).
    maxCharacters: MAX * PARTS.length,
    errorCodes: ['line1Required', 'townRequired', 'postcodeRequired', 'postcodeFormat', 'tooLong'],
    extraKeys: PARTS.map((p) => fieldKey(name, `parts.${p}`)),
    readRaw: read,
    parse,
    accepts: (value) => addressSchema.safeParse(value).success,
    render(state, opts): FieldParams {
      const shown = (state.errors ? state.raw : state.value) as Partial<Record<Part, string>> | undefined;
      const errorOf = (part: Part): FieldError | undefined => state.errors?.find((e) => e.parts?.includes(part));
      return {
        fieldset: {
          legend: legendParams(name, opts),
        },
        hint: hintParams(name, opts.t),
        inputs: PARTS.map((part) => {
          const error = errorOf(part);
          return {
            id: id(part),
            name: id(part),
            autocomplete: AUTOCOMPLETE[part],
            classes: part === 'postcode' ? 'govuk-input--width-10' : part === 'town' || part === 'county' ? 'govuk-!-width-two-thirds' : undefined,
            label: { text: opts.t(fieldKey(name, `parts.${part}`)) },
            value: shown?.[part],
            errorMessage: error ? { text: describeError(error, opts.t) } : undefined,
          };
        }),
      };
    },
    summarise(value) {
      const parsed = addressSchema.safeParse(value);
      if (!parsed.success) return { text: '' };
      return {
        html: PARTS.map((p) => parsed.data[p])
          .filter((line) => line !== '')
          .map(escapeHtml)
          .join('<br>'),
      };
    },
    describeError,
    isEmpty: (value) => !addressSchema.safeParse(value).success,
  };
}
