import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canMoveCase, caseStatuses, isFinalCaseStatus, nextCaseStatuses, type CaseActor, type CaseStatus } from '../../../../domain/support-cases/case-lifecycle.js';
import { updateSupportCase, type SupportCasePatch } from '../../../../domain/support-cases/case-update.js';
import { caseStatusOf, type SupportCase } from '../../../../domain/support-cases/support-case.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf621 } from '../../../support/tmf-schema.js';
import { openedAt, openedCase } from './support-case-fixtures.js';

const status = fc.constantFrom(...caseStatuses);
const actor = fc.constantFrom<CaseActor>('customer', 'agent');

/** Every status reachable from `submitted` by anyone. */
function reachable(): Set<CaseStatus> {
  const seen = new Set<CaseStatus>(['submitted']);
  const queue: CaseStatus[] = ['submitted'];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const to of [...nextCaseStatuses(from, 'agent'), ...nextCaseStatuses(from, 'customer')]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('the transition rules, over every status and actor', () => {
  it('a customer may do nothing an agent may not, nobody moves a case back to submitted, and final statuses have no way out', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (canMoveCase(from, to, 'customer')) expect(canMoveCase(from, to, 'agent')).toBe(true);
        expect(canMoveCase(from, 'submitted', 'agent') || canMoveCase(from, 'submitted', 'customer')).toBe(false);
        if (isFinalCaseStatus(from)) expect(canMoveCase(from, to, 'agent') || canMoveCase(from, to, 'customer')).toBe(false);
        expect(canMoveCase(from, from, 'agent')).toBe(false);
      }),
    );
  });

  it('every status is reachable, and from every status that is not final a case can still end (closed or cancelled)', () => {
    expect([...reachable()].sort()).toEqual([...caseStatuses].sort());
    for (const from of caseStatuses.filter((each) => !isFinalCaseStatus(each))) {
      const next = nextCaseStatuses(from, 'agent');
      expect(next.includes('cancelled') || next.includes('closed'), from).toBe(true);
    }
  });
});

/** One request of a random conversation: a status (possibly not allowed), a reason or not, a note or not. */
const request = fc.record({
  actor,
  status: fc.option(status.filter((each) => each !== 'submitted'), { nil: undefined }),
  reason: fc.option(fc.constantFrom('waiting for a photo', 'fixed the tariff', 'duplicate'), { nil: undefined }),
  note: fc.option(fc.constantFrom('Here is the photo.', 'Any news?'), { nil: undefined }),
});

describe('a case worked by random requests', () => {
  it('moves only as the rules allow, keeps its history, notes and dates consistent, and is a TMF621 TroubleTicket at every step', () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 25 }), (requests) => {
        let supportCase: SupportCase = openedCase({ note: [{ text: 'First words' }] });
        let moves = 0;
        let notes = 1;
        requests.forEach((each, index) => {
          const now = new Date(Date.parse(openedAt) + (index + 1) * 60_000).toISOString();
          const patch = {
            ...(each.status !== undefined ? { status: each.status } : {}),
            ...(each.reason !== undefined ? { statusChangeReason: each.reason } : {}),
            ...(each.note !== undefined ? { note: [{ text: each.note }] } : {}),
          } as SupportCasePatch;
          if (Object.keys(patch).length === 0) return;
          const from = caseStatusOf(supportCase);
          try {
            const update = updateSupportCase(supportCase, patch, each.actor, now);
            const to = caseStatusOf(update.supportCase);
            if (to !== from) {
              expect(canMoveCase(from, to, each.actor)).toBe(true);
              expect(update.statusChange).toEqual({ from, to, ...(each.reason !== undefined ? { reason: each.reason } : {}) });
              expect(update.supportCase.statusChangeDate).toBe(now);
              moves += 1;
            }
            notes += update.notesAdded.length;
            supportCase = update.supportCase;
          } catch (error) {
            // A refusal is the lifecycle's (409), a missing or stray reason (400), or a case that is over (409): nothing changes.
            expect(error instanceof RuleViolationError || error instanceof InvalidInputError).toBe(true);
            const allowed = patch.status === undefined || patch.status === from || canMoveCase(from, patch.status, each.actor);
            if (!isFinalCaseStatus(from) && allowed && error instanceof RuleViolationError) throw error;
          }
        });
        expect(supportCase.statusChange).toHaveLength(1 + moves);
        expect(supportCase.statusChange.at(-1)!.status).toBe(caseStatusOf(supportCase));
        expect(supportCase.note.map((note) => note.id)).toEqual(Array.from({ length: notes }, (_, index) => String(index + 1)));
        const status = caseStatusOf(supportCase);
        expect(supportCase.resolutionDate !== undefined).toBe(status === 'resolved' || (status === 'closed' && supportCase.statusChange.at(-2)?.status === 'resolved'));
        expect(supportCase.lastUpdate >= supportCase.creationDate).toBe(true);
        expectValidTmf(tmf621, 'TroubleTicket', supportCase);
      }),
      { numRuns: 200 },
    );
  });
});
