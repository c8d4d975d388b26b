import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { directoryAgencyOnSubmitted, type DirectoryAgencyNotice } from '../../src/agency-directory/notify-on-submitted.ts';
import type { ApplicationDocument } from '../../src/journeys/irm/application-document.ts';
import { findAgencyById, type AppStore, type OnSubmitted } from '../../src/store/index.ts';
import { engines, useStore } from '../store/engines.ts';
import { sampleDocument } from '../support/sample-application.ts';

const TYPED = 'typed-by-the-applicant@leeds.example.gov.uk';
const DIRECTORY_ADDRESS = 'irm-notices@leeds.example.gov.uk';

/** A hook that writes its own line in the transaction, to show it runs inside the submission's. */
let hook: OnSubmitted = () => Promise.resolve();

describe.each(engines)('notifying an agency picked from the directory, on $name', (engine) => {
  const store = useStore(engine, { onSubmitted: (tx, application) => hook(tx, application) });
  const notified: DirectoryAgencyNotice[] = [];
  const gone: string[] = [];

  beforeEach(() => {
    notified.length = 0;
    gone.length = 0;
    hook = directoryAgencyOnSubmitted({
      findAgency: findAgencyById,
      notify: async (_tx, notice) => {
        notified.push(notice);
      },
      onAgencyGone: (_application, directoryId) => gone.push(directoryId),
    });
  });

  async function leedsId(): Promise<string> {
    await store().agencies.replaceAll([{ name: 'Leeds City Council', type: 'local-authority', notificationEmail: DIRECTORY_ADDRESS }], new Date());
    const [leeds] = await store().agencies.list();
    if (!leeds) throw new Error('no agency');
    return leeds.id;
  }

  async function submit(s: AppStore, agency: Partial<ApplicationDocument['agency']>) {
    const document = sampleDocument();
    const draft = await s.drafts.create('irm', '1');
    const { application } = await s.applications.submit({
      draftId: draft.id,
      journeyId: 'irm',
      journeyVersion: '1',
      route: document.route,
      late: false,
      data: { ...document, agency: { ...document.agency, email: TYPED, ...agency } },
      newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
    });
    return application;
  }

  it('notifies the agency at the directory’s address, never the one the applicant typed', async () => {
    const directoryId = await leedsId();
    const application = await submit(store(), { source: 'directory', directoryId });
    expect(notified).toEqual([{ application, email: DIRECTORY_ADDRESS, name: 'Leeds City Council', source: 'directory' }]);
  });

  it('notifies nobody for an agency the applicant typed ("not listed", or no directory), whatever its email', async () => {
    const directoryId = await leedsId();
    await submit(store(), { source: 'applicant' });
    await submit(store(), {});
    // A typed agency with a directory id is not a directory agency: only source "directory" counts.
    await submit(store(), { source: 'applicant', directoryId });
    expect(notified).toEqual([]);
  });

  it('uses the address the directory has at the time of sending', async () => {
    const directoryId = await leedsId();
    await store().agencies.replaceAll([{ name: 'Leeds City Council', type: 'local-authority', notificationEmail: 'new-irm@leeds.example.gov.uk' }], new Date());
    await submit(store(), { source: 'directory', directoryId });
    expect(notified.map((n) => n.email)).toEqual(['new-irm@leeds.example.gov.uk']);
  });

  it('notifies nobody, and says so, when the agency left the directory before the application was sent', async () => {
    const directoryId = await leedsId();
    await store().agencies.replaceAll([], new Date());
    const application = await submit(store(), { source: 'directory', directoryId });
    expect(notified).toEqual([]);
    expect(gone).toEqual([directoryId]);
    expect(await store().applications.getById(application.id)).toBeDefined();
  });

  it('runs inside the submission: if the notification cannot be queued, nothing is saved', async () => {
    const directoryId = await leedsId();
    hook = directoryAgencyOnSubmitted({
      findAgency: findAgencyById,
      notify: () => Promise.reject(new Error('the email outbox is unavailable')),
      onAgencyGone: () => undefined,
    });
    const draft = await store().drafts.create('irm', '1');
    const document = sampleDocument();
    await expect(
      store().applications.submit({
        draftId: draft.id,
        journeyId: 'irm',
        journeyVersion: '1',
        route: document.route,
        late: false,
        data: { ...document, agency: { ...document.agency, source: 'directory', directoryId } },
        newReference: () => 'IRM-ROLL-BACK',
      }),
    ).rejects.toThrow('the email outbox is unavailable');
    expect(await store().applications.getByReference('IRM-ROLL-BACK')).toBeUndefined();
    expect((await store().drafts.get(draft.id))?.submittedApplicationId).toBeNull();
  });
});
