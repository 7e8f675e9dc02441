import { describe, expect, it } from 'vitest';
import { simulatedCreditBureau, simulatedCreditScore } from '../../../functions/lib/providers/simulated-credit-bureau.js';

describe('simulated credit bureau', () => {
  it.each([
    ['ada+score420@example.com', 420],
    ['ada+score750@example.com', 750],
    ['ada+SCORE650@example.com', 650],
    ['ada+vip+score512@example.com', 512],
    ['ada+score0420@example.com', 420],
  ])('scores %s as %i', (email, score) => {
    expect(simulatedCreditScore(email)).toBe(score);
  });

  it.each([
    ['ada+score100@example.com', 300],
    ['ada+score999@example.com', 850],
    ['ada+score99999999999999999999999999@example.com', 850],
  ])('clamps %s to %i, inside 300–850', (email, score) => {
    expect(simulatedCreditScore(email)).toBe(score);
  });

  it.each(['ada@example.com', 'ada+score@example.com', 'ada+scorex42@example.com', 'ada@score420.example.com', 'not-an-email'])(
    'gives %s the default 700',
    (email) => {
      expect(simulatedCreditScore(email)).toBe(700);
    },
  );

  it('reports the score with a reference stable for the customer, dated as asked', async () => {
    const applicant = { customerId: 'c-42', name: 'Ada', email: 'ada+score480@example.com' };
    const report = await simulatedCreditBureau.check(applicant, '2026-03-01T10:00:00.000Z');
    expect(report).toEqual({ score: 480, reference: 'SIM-CB-c-42', checkedAt: '2026-03-01T10:00:00.000Z' });
    expect(await simulatedCreditBureau.check(applicant, '2026-03-01T10:00:00.000Z')).toEqual(report);
  });
});
