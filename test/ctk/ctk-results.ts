import type { KitId } from './ctk-kits.js';

/**
 * What one request of a kit's run came to, as newman reported it (newman-run.ts turns newman's
 * executions into these), and the tally of a kit's run: assertions and requests passed and failed,
 * and every failure, each with the request it belongs to.
 *
 * A request passes when it was answered, its test script ran to the end and every assertion it
 * made passed. A test script that throws (say `pm.response.json()` on a body that is not JSON)
 * makes fewer assertions than it would have, so it fails the request and is listed, apart from
 * the assertions. Assertion counts depend on the data: a kit checks every instance a list
 * returns, so a list of 40 offerings makes 40 times the assertions of a list of one. The
 * requests are the stable figure. Some requests assert nothing at all (most kits' `?fields=`
 * requests have an empty test script): they pass whatever the answer, even a 404, and are
 * counted apart, so that "passed" can also be read as the kits' authors meant it.
 */
export interface RequestOutcome {
  /** Position in the run, from 1. */
  position: number;
  /** The kit's folder ("N1", "N2", "E1"…) and the request's name in it. */
  folder: string;
  name: string;
  method: string;
  /** Path and query, without the API's origin. */
  url: string;
  status?: number;
  /** The start of the answer's body. */
  answer?: string;
  requestError?: string;
  assertions: { name: string; error?: string }[];
  scriptErrors: string[];
}

export interface Failure {
  /** `#<position> <METHOD> <request name>`: a kit's request names repeat (a POST and a GET are both "/BillFormat"). */
  request: string;
  url: string;
  status?: number;
  /** What the system said, when it answered with an error (4xx, 5xx): the TMF Error's message, or the start of the body. */
  error?: string;
  kind: 'assertion' | 'script' | 'request';
  /** The assertion's name, or what kind of error it was. */
  name: string;
  message: string;
}

export interface KitResult {
  kit: KitId;
  title: string;
  assertions: { passed: number; failed: number };
  /** `withoutAssertions`: how many of the passed requests made no assertion (and so could not fail). */
  requests: { passed: number; failed: number; withoutAssertions: number };
  scriptErrors: number;
  requestErrors: number;
  failures: Failure[];
  outcomes: RequestOutcome[];
}

export const requestLabel = (outcome: Pick<RequestOutcome, 'position' | 'method' | 'name'>): string => `#${outcome.position} ${outcome.method} ${outcome.name}`;

export function tallyKitRun(kit: KitId, title: string, outcomes: readonly RequestOutcome[]): KitResult {
  const failures: Failure[] = [];
  let assertionsPassed = 0;
  let requestsPassed = 0;
  let scriptErrors = 0;
  let requestErrors = 0;
  let withoutAssertions = 0;
  for (const outcome of outcomes) {
    const request = requestLabel(outcome);
    const error = outcome.status !== undefined && outcome.status >= 400 ? errorSaid(outcome.answer ?? '') : undefined;
    const at = { request, url: outcome.url, ...(outcome.status !== undefined ? { status: outcome.status } : {}), ...(error ? { error } : {}) };
    const before = failures.length;
    if (outcome.requestError !== undefined) {
      requestErrors += 1;
      failures.push({ ...at, kind: 'request', name: 'no answer', message: outcome.requestError });
    }
    for (const error of outcome.scriptErrors) {
      scriptErrors += 1;
      failures.push({ ...at, kind: 'script', name: 'test script error', message: error });
    }
    for (const assertion of outcome.assertions) {
      if (assertion.error === undefined) assertionsPassed += 1;
      else failures.push({ ...at, kind: 'assertion', name: assertion.name, message: assertion.error });
    }
    if (failures.length === before) {
      requestsPassed += 1;
      if (outcome.assertions.length === 0) withoutAssertions += 1;
    }
  }
  const assertionsFailed = failures.filter((failure) => failure.kind === 'assertion').length;
  return {
    kit,
    title,
    assertions: { passed: assertionsPassed, failed: assertionsFailed },
    requests: { passed: requestsPassed, failed: outcomes.length - requestsPassed, withoutAssertions },
    scriptErrors,
    requestErrors,
    failures,
    outcomes: [...outcomes],
  };
}

/** A TMF Error body's `code` and `message`; any other body as it is. */
function errorSaid(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') return typeof parsed.code === 'string' ? `${parsed.code}: ${parsed.message}` : parsed.message;
  } catch {
    // Not JSON (or cut short): the body as it is.
  }
  return body;
}

export const kitPassed = (result: KitResult): boolean => result.failures.length === 0;

/**
 * The failures of a kit grouped by request and then by what failed, with how often: a list of 40
 * instances that all miss an attribute is one line "×40", not forty.
 */
export interface FailureGroup {
  request: string;
  url: string;
  status?: number;
  error?: string;
  lines: { name: string; message: string; count: number }[];
}

export function groupedFailures(result: KitResult): FailureGroup[] {
  const byRequest = new Map<string, Omit<FailureGroup, 'lines'> & { lines: Map<string, { name: string; message: string; count: number }> }>();
  for (const failure of result.failures) {
    const group =
      byRequest.get(failure.request) ??
      byRequest
        .set(failure.request, {
          request: failure.request,
          url: failure.url,
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          ...(failure.error !== undefined ? { error: failure.error } : {}),
          lines: new Map(),
        })
        .get(failure.request)!;
    const key = `${failure.name}\u0000${failure.message}`;
    const line = group.lines.get(key);
    if (line) line.count += 1;
    else group.lines.set(key, { name: failure.name, message: failure.message, count: 1 });
  }
  return [...byRequest.values()].map((group) => ({ ...group, lines: [...group.lines.values()] }));
}
