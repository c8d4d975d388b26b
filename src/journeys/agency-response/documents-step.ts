import type { CustomPageHandler, CustomStep } from '../../engine/journey.ts';
import { readEvidenceAnswers } from '../../evidence/evidence-answers.ts';
import { evidencePageHandler, type EvidenceKind, type EvidencePageDeps } from '../../evidence/evidence-page.ts';
import { formatFileSize } from '../../evidence/file-name.ts';
import { FILE_PROBLEMS, UPLOAD_PROBLEMS } from '../../evidence/accept-file.ts';
import { routes } from '../../rules/deadlines.ts';
import type { AgencyResponsePort } from '../ports.ts';

/**
 * The agency's documents: the same upload page and pipeline as the
 * applicant's evidence (src/evidence: type from the bytes, clamd, the files
 * table), with one kind of document and guidance for the case's route: what
 * to send, that panel minutes must not be sent, and medical information only
 * if asked for.
 */

export const DOCUMENTS_STEP_ID = 'documents';
const T = `journey:steps.${DOCUMENTS_STEP_ID}`;

export const AGENCY_DOCUMENTS: EvidenceKind = { role: 'agency-document', field: 'agencyDocuments', required: true };

/** Each route's list of what to send (`<T>.guidance.<route>.<item>`). */
export const GUIDANCE: Readonly<Record<(typeof routes)[number], readonly string[]>> = {
  fostering: ['panelPapers', 'decisionLetter'],
  adoption: ['panelReport', 'otherConsidered', 'decisionLetter'],
  'adoption-information': ['considered', 'decisionLetter'],
};

function isComplete(saved: unknown): boolean {
  const answers = readEvidenceAnswers(saved);
  return answers.confirmed === true && answers.files.some((file) => file.role === AGENCY_DOCUMENTS.role);
}

export function documentsStep(handle: CustomPageHandler, next: string): CustomStep {
  return {
    id: DOCUMENTS_STEP_ID,
    kind: 'custom',
    section: 'documents',
    valueName: AGENCY_DOCUMENTS.field,
    next,
    isComplete: (saved) => isComplete(saved),
    summarise(saved, t) {
      return readEvidenceAnswers(saved)
        .files.filter((file) => file.role === AGENCY_DOCUMENTS.role)
        .map((file) => ({ key: t(`${T}.summary`), value: { text: `${file.name} (${formatFileSize(file.size)})` } }));
    },
    handle,
    translationKeys: [
      'title',
      'intro',
      'whatHeading',
      'whatIntro',
      ...Object.entries(GUIDANCE).flatMap(([route, items]) => items.map((item) => `guidance.${route}.${item}`)),
      'guidance.other',
      'notMinutes',
      'medical',
      'limits',
      'label',
      'addLabel',
      'hint',
      'uploadButton',
      'remove',
      'full',
      'summary',
      'js.chooseFiles',
      'js.noFileChosen',
      'js.dropInstruction',
      'js.enteredDropZone',
      'js.leftDropZone',
      'js.filesChosen',
      ...UPLOAD_PROBLEMS.map((code) => `errors.${AGENCY_DOCUMENTS.role}.${code}`),
      ...FILE_PROBLEMS.map((code) => `namedErrors.${code}`),
    ].map((key) => `${T}.${key}`),
  };
}

export function documentsPageHandler(
  deps: Omit<EvidencePageDeps, 'kinds' | 'view' | 'keys' | 'moreLocals'> & { readonly responses: AgencyResponsePort },
): CustomPageHandler {
  return evidencePageHandler({
    ...deps,
    kinds: [AGENCY_DOCUMENTS],
    view: 'agency-response/documents.njk',
    keys: T,
    async moreLocals(page) {
      const found = page.existingDraftId ? await deps.responses.caseForDraft(page.existingDraftId) : undefined;
      const route = routes.find((r) => r === found?.route);
      return { guidance: route ? GUIDANCE[route].map((item) => `${T}.guidance.${route}.${item}`) : [`${T}.guidance.other`] };
    },
  });
}
