import { describe, expect, it } from 'vitest';
import { failureLines, summaryLine } from '../../ctk/ctk-report.js';
import { groupedFailures, kitPassed, tallyKitRun, type RequestOutcome } from '../../ctk/ctk-results.js';

const outcome = (position: number, overrides: Partial<RequestOutcome>): RequestOutcome => ({
  position,
  folder: 'N1',
  name: '/Thing',
  method: 'GET',
  url: '/tmf-api/thing/v4/thing',
  status: 200,
  assertions: [],
  scriptErrors: [],
  ...overrides,
});

const outcomes: RequestOutcome[] = [
  outcome(1, { method: 'POST', status: 201, assertions: [{ name: 'Status code is 201' }, { name: 'Response has id attribute' }] }),
  // Asserts nothing: passes whatever the answer.
  outcome(2, { name: '/Thing?fields=id', status: 404 }),
  outcome(3, {
    name: '/Thing?id={{ID01}}',
    status: 400,
    answer: '{"code":"INVALID_REQUEST","reason":"Bad Request","message":"cannot filter on id","status":"400"}',
    assertions: [
      { name: 'Status code is 200', error: 'expected response to have status code 200 but got 400' },
      { name: 'Response has id attribute', error: 'expected undefined to be a string' },
      { name: 'Response has id attribute', error: 'expected undefined to be a string' },
    ],
  }),
  outcome(4, { status: 400, answer: 'not json', scriptErrors: ["TypeError: Cannot read properties of undefined (reading '0')"] }),
  outcome(5, { method: 'DELETE', requestError: 'ECONNRESET', assertions: [{ name: 'Status code is 204', error: 'no response' }] }),
];
outcomes[4]!.status = undefined;

describe('the tally of a kit run', () => {
  const result = tallyKitRun('TMF620', 'Product Catalog', outcomes);

  it('counts assertions and requests, a test script error and an unanswered request failing theirs', () => {
    expect(result.assertions).toEqual({ passed: 2, failed: 4 });
    expect(result.requests).toEqual({ passed: 2, failed: 3, withoutAssertions: 1 });
    expect(result.scriptErrors).toBe(1);
    expect(result.requestErrors).toBe(1);
    expect(kitPassed(result)).toBe(false);
    expect(kitPassed(tallyKitRun('TMF629', 'Customer', outcomes.slice(0, 2)))).toBe(true);
  });

  it('groups the failures by request, with what the system said and how often each failed', () => {
    const groups = groupedFailures(result);
    expect(groups.map((group) => group.request)).toEqual(['#3 GET /Thing?id={{ID01}}', '#4 GET /Thing', '#5 DELETE /Thing']);
    expect(groups[0]).toMatchObject({
      status: 400,
      error: 'INVALID_REQUEST: cannot filter on id',
      lines: [
        { name: 'Status code is 200', count: 1 },
        { name: 'Response has id attribute', message: 'expected undefined to be a string', count: 2 },
      ],
    });
    expect(groups[1]).toMatchObject({ error: 'not json', lines: [{ name: 'test script error', count: 1 }] });
    expect(groups[2]!.status).toBeUndefined();
  });

  it('prints a line per kit and the failures, a few per request', () => {
    expect(summaryLine(result)).toBe('TMF620: 2 passed, 4 failed (assertions; requests: 2 of 5 passed, 1 of the 4 that assert anything, 1 test script error, 1 unanswered)');
    expect(failureLines(result, 1)).toEqual([
      '  #3 GET /Thing?id={{ID01}} → 400 INVALID_REQUEST: cannot filter on id',
      '      Status code is 200: expected response to have status code 200 but got 400',
      '      … and 1 more',
      '  #4 GET /Thing → 400 not json',
      "      test script error: TypeError: Cannot read properties of undefined (reading '0')",
      '  #5 DELETE /Thing → no answer',
      '      no answer: ECONNRESET',
      '      … and 1 more',
    ]);
  });
});
