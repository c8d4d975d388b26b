import { z } from 'zod';
import type { Field } from './field.ts';
import { textLikeField, type TextOptions } from './text.ts';

const emailSchema = z.email();

export function emailField(name: string, options: Omit<TextOptions, 'type' | 'inputmode'> = {}): Field {
  return textLikeField(
    name,
    'email',
    { autocomplete: 'email', width: 'govuk-!-width-two-thirds', maxLength: 254, ...options, type: 'email', spellcheck: false },
    {
      codes: ['format'],
      check: (cleaned) => {
        const value = cleaned.replace(/\s/g, '');
        return emailSchema.safeParse(value).success ? { ok: true, value } : { ok: false, code: 'format' };
      },
    },
  );
}
