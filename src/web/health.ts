import express, { type Router } from 'express';

/**
 * Health checks for the platform (load balancer, orchestrator), mounted before
 * sessions and CSRF so that probing them never makes a session:
 * - `/health/live`: the process is up and serving HTTP.
 * - `/health/ready`: it can do its work: each check (the database answers, the
 *   virus scanner answers, …) passes within a short time. The answer names
 *   the checks and whether each passed, never why (no addresses, no data),
 *   and names any setting that is probably wrong (`warnings`).
 */

export const HEALTH_PATHS = { live: '/health/live', ready: '/health/ready' } as const;

export interface ReadinessCheck {
  /** e.g. `database`, shown in the answer. */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the timeout) when it does not. */
  run(): Promise<unknown>;
}

export interface HealthOptions {
  readonly checks: readonly ReadinessCheck[];
  /** The longest a check may take before it counts as failed; a probe must not hang. */
  readonly timeoutMs?: number;
  /** Settings that are allowed but probably wrong, named (e.g. `TRUST_PROXY is not set`): shown, without failing the check. */
  readonly warnings?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 3_000;

type CheckStatus = 'ok' | 'failed';

async function outcome(check: ReadinessCheck, timeoutMs: number): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([check.run(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(options: HealthOptions): Router {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const router = express.Router();

  router.get(HEALTH_PATHS.live, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  router.get(HEALTH_PATHS.ready, async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const results = await Promise.all(options.checks.map(async (check) => [check.name, await outcome(check, timeoutMs)] as const));
    const ready = results.every(([, status]) => status === 'ok');
    const warnings = options.warnings ?? [];
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results), ...(warnings.length > 0 ? { warnings } : {}) });
  });

  return router;
}
