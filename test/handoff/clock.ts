import { vi } from 'vitest';
import { Webhook } from 'standardwebhooks';

/** Time that moves only when the test says so. */
export class TestClock {
  #now: number;

  constructor(start: Date = new Date()) {
    this.#now = start.getTime();
  }

  readonly now = (): Date => new Date(this.#now);

  advance(ms: number): void {
    this.#now += ms;
  }

  set(date: Date): void {
    this.#now = date.getTime();
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * What a consumer does with a delivery, using the standardwebhooks package,
 * at the moment `at` (the package checks the timestamp against its own clock,
 * so a delivery from simulated time is verified at that simulated time).
 */
export function verifyAt(at: Date, secret: string, body: string, headers: Record<string, string>): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    vi.useRealTimers();
  }
}
