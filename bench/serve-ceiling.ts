import express from 'express';
import { loadConfig } from '../src/config.ts';
import type { QuestionStep } from '../src/engine/journey.ts';
import { journeyTranslator } from '../src/engine/journey-translator.ts';
import { questionModel, stepTitle } from '../src/engine/page-models.ts';
import type { Translator } from '../src/engine/types.ts';
import { createIrmJourney } from '../src/journeys/irm/index.ts';
import { createWorkingDayCalendar } from '../src/rules/working-days.ts';
import { ASSET_PATH, ASSET_VERSION } from '../src/web/assets.ts';
import { DEFAULT_LANGUAGE, hasTranslation, languageLinks, translator } from '../src/web/i18n.ts';
import { addLayoutParts } from '../src/web/layout-parts.ts';
import { PAGE_PATHS } from '../src/web/pages.ts';
import { configureViews } from '../src/web/views.ts';
import { NEXT_PATH, POST_PATH } from './scenario.ts';

/**
 * The ceiling for the benchmark: a bare express 5 app that renders the same
 * GOV.UK question page as the service's GET of the address step (same
 * nunjucks templates from views/ and govuk-frontend, compiled once and cached
 * as in production) from a view model built once at start-up. No session, no
 * database, no security headers, no logging, no body parsing.
 *
 * The view model is made by the engine's own page-model functions, so the
 * HTML is the service's page byte for byte but for the CSP nonce and CSRF
 * token (bench/run.ts checks this before measuring).
 */

const lang = DEFAULT_LANGUAGE;
const t = translator(lang);
const journey = createIrmJourney({ calendar: createWorkingDayCalendar() });
const engineT: Translator = journeyTranslator(
  Object.assign((key: string, options?: Record<string, unknown>) => t(key, options), {
    exists: (key: string) => hasTranslation(lang, key),
    lang,
  }),
  journey.namespace ?? journey.id,
);
const stepId = NEXT_PATH.split('/').at(-1);
const step = journey.steps.find((s): s is QuestionStep => s.id === stepId && s.kind === 'question');
if (!step) throw new Error(`${NEXT_PATH} is not a question step`);

const model = questionModel(step, {}, engineT);
const viewModel = {
  // What the service's router passes for a first visit to the step...
  pageTitle: stepTitle(step, engineT),
  backLink: POST_PATH,
  formAction: NEXT_PATH,
  caption: step.section ? engineT(`journey:sections.${step.section}`) : undefined,
  stepId: step.id,
  ...model,
  hasErrors: false,
  // ...and what its middleware puts in res.locals.
  lang,
  htmlLang: lang,
  t: engineT,
  languageLinks: languageLinks(NEXT_PATH, lang),
  csrfToken: 'ceiling-static-csrf-token',
  cspNonce: 'ceiling-static-nonce',
};

// Only for the contact details in the footer: the same defaults as the service's.
const { contact } = loadConfig({});
const app = express();
const views = configureViews(app, { isProduction: true });
Object.assign(app.locals, { assetPath: ASSET_PATH, assetVersion: ASSET_VERSION, contact, paths: PAGE_PATHS });
addLayoutParts(views, app.locals);

app.get(NEXT_PATH, (_req, res) => {
  res.render('engine/question.njk', viewModel);
});

// bench/server-process.ts gives it a free port on loopback.
app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
