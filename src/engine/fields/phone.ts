import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Field } from './field.ts';
import { textLikeField, type TextOptions } from './text.ts';

type PhoneNumber = NonNullable<ReturnType<typeof parsePhoneNumberFromString>>;

// UK numbers are 10 digits after the 0, starting 1, 2, 3, 7 or 8; Ofcom's drama
// ranges (07700 900xxx, 01632 960xxx) look real and are what people are shown
// as examples, so the shape is checked rather than today's allocation.
function isAcceptable(number: PhoneNumber): boolean {
  if (number.countryCallingCode === '44') return number.isValid() || /^[12378]\d{9}$/.test(number.nationalNumber);
  return number.isPossible();
}

/**
 * A phone number: UK numbers in any common format, or international numbers
 * starting with +, kept as typed. International numbers only need to be
 * possible (the right length for their country): being strict about number
 * ranges turns away real people for no gain.
 */
export function phoneField(name: string, options: Omit<TextOptions, 'type' | 'inputmode'> = {}): Field {
  return textLikeField(
    name,
    'phone',
    { autocomplete: 'tel', width: 'govuk-input--width-20', maxLength: 30, ...options, type: 'tel' },
    {
      codes: ['format'],
      check: (cleaned) => {
        const parsed = parsePhoneNumberFromString(cleaned, 'GB');
        return parsed && isAcceptable(parsed) ? { ok: true, value: cleaned } : { ok: false, code: 'format' };
      },
    },
  );
}
