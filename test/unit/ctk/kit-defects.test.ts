import { describe, expect, it } from 'vitest';
import { ctkReport, failureLines, onlyKitDefectsFailed, reportMarkdown } from '../../ctk/ctk-report.js';
import { tallyKitRun, type RequestOutcome } from '../../ctk/ctk-results.js';
import { failingRequests, kitDefectOf, kitDefects } from '../../ctk/kit-defects.js';

const payments = '/tmf-api/paymentManagement/v4/payment';
const failed = { name: 'Status code is 201', error: 'expected response to have status code 201 but got 400' };

const outcome = (position: number, overrides: Partial<RequestOutcome>): RequestOutcome => ({
  position,
  folder: 'N1',
  name: '/Payment',
  method: 'GET',
  url: payments,
  status: 200,
  assertions: [{ name: 'Status code is 200' }],
  scriptErrors: [],
  ...overrides,
});

/** TMF676's run as it goes today: the first POST passes, the kit's own second one is refused, and what reads it fails with it. */
const paymentRun = (second: Partial<RequestOutcome> = {}): RequestOutcome[] => [
  outcome(1, { method: 'POST', status: 201, assertions: [{ name: 'Status code is 201' }] }),
  outcome(2, { method: 'POST', status: 400, assertions: [failed], ...second }),
  outcome(3, {}),
  outcome(5, { url: `${payments}/null`, status: 404, assertions: [{ name: 'Status code is 200', error: 'got 404' }] }),
  outcome(8, { url: `${payments}?href=null`, assertions: [{ name: 'Instance has all mandatory attributes', error: 'expected [] to include members' }] }),
  outcome(11, { url: `${payments}?id=null`, assertions: [{ name: 'Instance has all mandatory attributes', error: 'expected [] to include members' }] }),
];

describe('documented kit defects', () => {
  it('are the requests no system can pass, each with the answer that is right for it and why', () => {
    expect(kitDefects.map((defect) => `${defect.kit} #${defect.position} ${defect.method} ${defect.status}`)).toEqual(['TMF676 #2 POST 400', 'TMF676 #5 GET 404', 'TMF676 #8 GET 200', 'TMF676 #11 GET 200']);
    for (const defect of kitDefects) expect(defect.why.length).toBeGreaterThan(40);
  });

  it('a failing request answered as its defect says is that defect; another answer, position or kit is the system’s failure', () => {
    const refused = { position: 2, method: 'POST', url: payments, status: 400 };
    expect(kitDefectOf('TMF676', refused)?.position).toBe(2);
    expect(kitDefectOf('TMF676', { ...refused, status: 500 })).toBeUndefined();
    expect(kitDefectOf('TMF676', { ...refused, position: 1 })).toBeUndefined();
    expect(kitDefectOf('TMF678', refused)).toBeUndefined();
  });

  it('a run failing only on them passes but for kit defects, and says which and why; any other failure does not', () => {
    const asToday = tallyKitRun('TMF676', 'Payment', paymentRun());
    expect(failingRequests(asToday).kitDefects.map(({ outcome }) => outcome.position)).toEqual([2, 5, 8, 11]);
    expect(failingRequests(asToday).unexplained).toEqual([]);
    expect(onlyKitDefectsFailed([asToday])).toBe(true);
    expect(failureLines(asToday).filter((line) => line.includes('kit defect (docs/conformance.md)'))).toHaveLength(4);
    const report = ctkReport({ generatedAt: new Date('2026-12-06T19:00:00Z'), command: 'npm run ctk', newmanVersion: '6.2.2', system: 'test', results: [asToday] });
    expect(report).toMatchObject({ passed: false, passedButKitDefects: true });
    expect(reportMarkdown(report)).toContain('Every request passed but the kit defects below.');

    const serverError = tallyKitRun('TMF676', 'Payment', paymentRun({ status: 500 }));
    expect(failingRequests(serverError).unexplained.map((each) => each.position)).toEqual([2]);
    expect(onlyKitDefectsFailed([asToday, serverError])).toBe(false);
  });
});
