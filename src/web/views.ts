import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { formatGovukDate } from './date-format.ts';
import { DEFAULT_LANGUAGE, isLanguage } from './i18n.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../../views/', import.meta.url));
/** Holds `govuk/…`, so templates import `govuk/components/…/macro.njk`. */
export const GOVUK_FRONTEND_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

interface TemplateContext {
  ctx?: Record<string, unknown>;
}

export interface ViewOptions {
  isProduction: boolean;
  /**
   * Re-read templates on every render, so edits show without a restart.
   * Default: outside production. Tests turn it off: compiling the GOV.UK
   * templates afresh costs far more than rendering them.
   */
  reloadTemplates?: boolean;
}

/** Nunjucks over views/ and govuk-frontend's templates, autoescaping everything. */
export function configureViews(app: Express, { isProduction, reloadTemplates = !isProduction }: ViewOptions): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST], { noCache: reloadTemplates });
  const env = new nunjucks.Environment(loader, { autoescape: true });
  env.express(app);
  app.set('view engine', 'njk');

  // `{{ '2025-01-03' | govukDate }}` uses the page's language; inside a macro
  // imported without context, pass it: `govukDate(lang)`.
  env.addFilter('govukDate', function (this: TemplateContext, value: unknown, lang?: unknown) {
    const pageLang = this.ctx?.lang;
    const chosen = isLanguage(lang) ? lang : isLanguage(pageLang) ? pageLang : DEFAULT_LANGUAGE;
    return formatGovukDate(value, chosen);
  });

  return env;
}
