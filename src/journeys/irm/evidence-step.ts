import type { CustomPageHandler, CustomStep } from '../../engine/journey.ts';
import { isEvidenceComplete, readEvidenceAnswers } from '../../evidence/evidence-answers.ts';
import { formatFileSize } from '../../evidence/file-name.ts';
import { FILE_PROBLEMS, UPLOAD_PROBLEMS } from '../../evidence/accept-file.ts';

/**
 * The evidence page in the IRM journey: the decision letter and any
 * supporting documents. The page itself lives in src/evidence; here it joins
 * the walk, check-your-answers (one row per file, each with a Change link
 * back to the page) and the submitted document (as `evidence`).
 */

export const EVIDENCE_STEP_ID = 'evidence';
export const EVIDENCE_VALUE_NAME = 'evidence';
const T = 'journey:steps.evidence';

export function evidenceStep(handle: CustomPageHandler, next: string): CustomStep {
  return {
    id: EVIDENCE_STEP_ID,
    kind: 'custom',
    section: 'evidence',
    valueName: EVIDENCE_VALUE_NAME,
    next,
    isComplete: (saved) => isEvidenceComplete(saved),
    summarise(saved, t) {
      const { files } = readEvidenceAnswers(saved);
      const row = (key: string, file: { name: string; size: number }) => ({ key: t(key), value: { text: `${file.name} (${formatFileSize(file.size)})` } });
      const letters = files.filter((f) => f.role === 'decision-letter').map((f) => row(`${T}.summary.letter`, f));
      const supporting = files.filter((f) => f.role === 'supporting').map((f) => row(`${T}.summary.supporting`, f));
      return [...letters, ...(supporting.length > 0 ? supporting : [{ key: t(`${T}.summary.noSupporting`), value: { text: t(`${T}.summary.none`) } }])];
    },
    handle,
    translationKeys: [
      'title',
      'intro',
      'limits',
      'letterHeading',
      'letterBody',
      'letterLabel',
      'letterAddLabel',
      'letterHint',
      'supportingHeading',
      'helpfulIntro',
      'helpful.letters',
      'helpful.notes',
      'helpful.medicalLegal',
      'helpful.summary',
      'notHelpful',
      'never',
      'supportingLabel',
      'supportingHint',
      'uploadButton',
      'remove',
      'full',
      'js.chooseFiles',
      'js.noFileChosen',
      'js.dropInstruction',
      'js.enteredDropZone',
      'js.leftDropZone',
      'js.filesChosen',
      'summary.letter',
      'summary.supporting',
      'summary.noSupporting',
      'summary.none',
      ...['decision-letter', 'supporting'].flatMap((role) => UPLOAD_PROBLEMS.map((code) => `errors.${role}.${code}`)),
      ...FILE_PROBLEMS.map((code) => `namedErrors.${code}`),
    ].map((key) => `${T}.${key}`),
  };
}

/** Until the service wires the real page (journey maps and benchmarks build the journey without one). */
export const evidencePageNotWired: CustomPageHandler = async () => {
  throw new Error('The evidence page has no handler: pass evidencePage to createIrmJourney');
};
