import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Field } from './field.ts';
import { textLikeField, type TextOptions } from './text.ts';

/**
 * A phone number: UK numbers in any common format, or international numbers
 * starting with +, kept as typed. libphonenumber checks the number is
 * possible (right length for its country), not that it is allocated today:
 * being strict about number ranges turns away real people for no gain.
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
        return parsed?.isPossible() ? { ok: true, value: cleaned } : { ok: false, code: 'format' };
      },
    },
  );
}
