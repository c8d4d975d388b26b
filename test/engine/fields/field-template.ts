import nunjucks from 'nunjucks';
import type { FieldParams } from '../../../src/engine/types.ts';
import { GOVUK_FRONTEND_DIST, VIEWS_DIR } from '../../../src/web/views.ts';

// The service's loader paths and escaping, without express.
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST]), { autoescape: true });

/** The HTML a field kind's own template, views/engine/fields/<kind>.njk, makes of a field. */
export function renderFieldTemplate(kind: string, params: FieldParams): string {
  return env.render(`engine/fields/${kind}.njk`, { field: { kind, params } });
}

/** The HTML a govuk-frontend macro makes of the same parameters when called directly, e.g. ('input', 'govukInput', params). */
export function renderMacro(component: string, macro: string, params: unknown): string {
  return env.renderString(`{% from "govuk/components/${component}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`, { params });
}
