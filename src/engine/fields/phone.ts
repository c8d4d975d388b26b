import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Field } from './field.ts';
import { textLikeField, type TextOptions } from './text.ts';

/**
 * A phone number: UK numbers in any common format, or international numbers
 * starting with +. Validation is libphonenumber's, so "07700 900 982",
 * "+44 7700 900982" and "(020) 7946 0000" are all accepted and kept as typed.
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
        return parsed?.isValid() ? { ok: true, value: cleaned } : { ok: false, code: 'format' };
      },
    },
  );
}
