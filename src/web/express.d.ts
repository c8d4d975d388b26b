// What the web platform adds to express's request, response locals and session,
// so routes and templates get them typed.
import type { Language, LanguageLink, Translate } from './i18n.ts';
import type { SessionTimeoutLocals } from './session-timeout.ts';

declare global {
  namespace Express {
    interface Request {
      /** Set by i18nMiddleware. */
      lang: Language;
      /** Set by i18nMiddleware: translate in req.lang (default namespace `common`, then `journey`). */
      t: Translate;
      /**
       * Set by formBody (form-body.ts) on a page that shows it: the form was
       * over the size limit, and req.body holds only what came within it.
       */
      formTooLarge?: boolean;
    }

    interface Locals {
      /** Per-request nonce for inline scripts, allowed by the CSP (security.ts). */
      cspNonce: string;
      /** Set by i18nMiddleware. */
      lang: Language;
      /** The <html lang> govuk-frontend's template reads. */
      htmlLang: Language;
      t: Translate;
      languageLinks: LanguageLink[];
      /** Set by issueCsrfToken (csrf.ts) for every route after the static pages: put it in a hidden `_csrf` field. */
      csrfToken?: string;
      /** Set by sessionTimeout().locals (session-timeout.ts), after the CSRF token: the time limit and the warning dialog's data. */
      sessionTimeout?: SessionTimeoutLocals;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    lang?: Language;
  }
}

export {};
