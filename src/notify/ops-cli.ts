import { ConfigError, loadConfig } from '../config.ts';
import { createEmailOutbox, EMAIL_STATUSES, type EmailStatus } from '../store/email-outbox.ts';
import { openStore } from '../store/index.ts';

/**
 * `npm run emails -- <command>`: the operator's view of the email outbox.
 * Uses the service's configuration; on PGlite, stop the service first.
 *
 *   status                          counts by status
 *   list [--status failed]          the latest 50 emails (no addresses or words)
 *   show <email id>                 an email and every attempt
 *   resend <email id>               send a failed email again now
 *   resend-failed --since <ISO>     send again every email that failed since then
 */

const USAGE = 'usage: npm run emails -- status | list [--status pending|delivered|failed] | show <id> | resend <id> | resend-failed --since <ISO date-time>';

const option = (args: readonly string[], name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

const isStatus = (value: string | undefined): value is EmailStatus => (EMAIL_STATUSES as ReadonlyArray<string | undefined>).includes(value);

async function main(args: readonly string[]): Promise<number> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
  const outbox = createEmailOutbox(store.db);
  const now = new Date();
  try {
    switch (args[0]) {
      case 'status':
        console.log(JSON.stringify(await outbox.counts()));
        return 0;
      case 'list': {
        const status = option(args, '--status');
        if (status !== undefined && !isStatus(status)) break;
        for (const email of await outbox.list({ status })) {
          console.log(`${email.id}  ${email.kind}  ${email.status}  attempts ${email.attempts}  ${email.createdAt.toISOString()}  ${email.lastError ?? ''}`);
        }
        return 0;
      }
      case 'show': {
        const [email] = await outbox.find(args[1] ?? '');
        if (!email) {
          console.log('no such email');
          return 1;
        }
        const { emailAddress: _address, personalisation: _words, ...details } = email;
        console.log(JSON.stringify({ ...details, attemptsMade: await outbox.attempts(email.id) }, null, 2));
        return 0;
      }
      case 'resend': {
        const n = await outbox.resend({ emailId: args[1] ?? '', now });
        console.log(n === 1 ? 'queued' : 'not a failed email that can be sent again');
        return n === 1 ? 0 : 1;
      }
      case 'resend-failed': {
        const since = new Date(option(args, '--since') ?? '');
        if (Number.isNaN(since.getTime())) break;
        console.log(`${await outbox.resend({ since, now })} queued`);
        return 0;
      }
    }
    console.error(USAGE);
    return 2;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
