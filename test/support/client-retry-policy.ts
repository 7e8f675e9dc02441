/**
 * What docs/reliability.md tells a client to send again, and how long to wait first: the one
 * policy the fault-invariants test's client (resilient-api.ts) and the bench soak's
 * (bench/careful-client.ts) follow.
 */
export const clientRetryPolicy = {
  /** Back-off before attempt n+1: base × 2^(n-1), capped, with up to half of it added at random. */
  baseDelayMs: 100,
  maxDelayMs: 2_000,
} as const;

const retriedStatuses = new Set([502, 503, 504]);
/**
 * The conflicts that say "someone else is in the way, send it again": a transaction that met
 * another, and a request with this key still running (its answer is stored when it ends).
 */
const retriedConflicts = new Set(['CONCURRENT_TRANSACTION', 'IDEMPOTENT_REQUEST_IN_PROGRESS']);

/** Why an answer is worth sending again, or undefined when it is final. */
export function retryReason(status: number, body: unknown): string | undefined {
  if (retriedStatuses.has(status)) return String(status);
  if (status !== 409) return undefined;
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return typeof code === 'string' && retriedConflicts.has(code) ? `409 ${code}` : undefined;
}

/** The wait before attempt `attempt + 1`: exponential with jitter, at least what Retry-After asks. */
export function retryDelayMs(attempt: number, retryAfter: string | null | undefined, random: () => number): number {
  const exponential = Math.min(clientRetryPolicy.maxDelayMs, clientRetryPolicy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential * (1 + random() / 2);
  const asked = retryAfter ? Number(retryAfter) * 1000 : 0;
  return Math.max(jittered, Number.isFinite(asked) ? asked : 0);
}
