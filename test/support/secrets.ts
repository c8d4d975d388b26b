/** A production-grade session secret for tests (32 random bytes in hex, as `openssl rand -hex 32` makes). Never used outside tests. */
export const PRODUCTION_SESSION_SECRET = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
