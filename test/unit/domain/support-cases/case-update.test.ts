import { describe, expect, it } from 'vitest';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { maxNotesPerCase } from '../../../../domain/support-cases/case-notes.js';
import { maxStatusChanges, supportCasePatchSchema, updateSupportCase, type SupportCasePatch } from '../../../../domain/support-cases/case-update.js';
import type { CaseActor } from '../../../../domain/support-cases/case-lifecycle.js';
import type { SupportCase } from '../../../../domain/support-cases/support-case.js';
import { expectValidTmf, tmf621, validateTmf } from '../../../support/tmf-schema.js';
import { openedCase } from './support-case-fixtures.js';

const at = (minute: number) => `2027-01-16T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** Applies the steps in turn, a minute apart. */
function worked(steps: [CaseActor, SupportCasePatch][], start: SupportCase = openedCase()): SupportCase {
  return steps.reduce((supportCase, [actor, patch], index) => updateSupportCase(supportCase, patch, actor, at(index)).supportCase, start);
}

describe('updating a support case', () => {
  it('a status change records its date, reason and history entry, and the status TMF621 shows', () => {
    const acknowledged = updateSupportCase(openedCase(), { status: 'acknowledged' }, 'agent', at(1));
    expect(acknowledged.statusChange).toEqual({ from: 'submitted', to: 'acknowledged' });
    const pending = updateSupportCase(worked([['agent', { status: 'inProgress' }]], acknowledged.supportCase), { status: 'pending', statusChangeReason: 'Send us a photo of the bill.', note: [{ text: 'Which line is twice?' }] }, 'agent', at(2));
    expect(pending.supportCase).toMatchObject({
      status: 'pending',
      statusChangeDate: at(2),
      statusChangeReason: 'Send us a photo of the bill.',
      lastUpdate: at(2),
      statusChange: [{ status: 'submitted' }, { status: 'acknowledged', changeDate: at(1) }, { status: 'inProgress', changeDate: at(0) }, { status: 'pending', changeDate: at(2), changeReason: 'Send us a photo of the bill.' }],
    });
    expect(pending.notesAdded).toEqual([{ id: '1', author: 'Customer support', authorRole: 'agent', date: at(2), text: 'Which line is twice?', '@type': 'Note' }]);
    expectValidTmf(tmf621, 'TroubleTicket', pending.supportCase);
  });

  it('resolving dates the resolution; reopening takes it away; closing keeps it', () => {
    const resolved = worked([
      ['agent', { status: 'acknowledged' }],
      ['agent', { status: 'inProgress' }],
      ['agent', { status: 'resolved', statusChangeReason: 'Credited the second line.' }],
    ]);
    expect(resolved.resolutionDate).toBe(at(2));
    const reopened = updateSupportCase(resolved, { status: 'inProgress', statusChangeReason: 'Still charged twice.' }, 'customer', at(5)).supportCase;
    expect(reopened).not.toHaveProperty('resolutionDate');
    expect(reopened.statusChangeReason).toBe('Still charged twice.');
    const closed = updateSupportCase(resolved, { status: 'closed' }, 'customer', at(6)).supportCase;
    expect(closed).toMatchObject({ status: 'closed', resolutionDate: at(2) });
    expect(closed).not.toHaveProperty('statusChangeReason');
  });

  it('the status the case already has is no change: nothing to write, no event', () => {
    const acknowledged = worked([['agent', { status: 'acknowledged' }]]);
    const again = updateSupportCase(acknowledged, { status: 'acknowledged' }, 'agent', at(9));
    expect(again).toEqual({ supportCase: acknowledged, notesAdded: [], changedAttributes: [] });
  });

  it('a reason goes with a status change only (400 naming statusChangeReason)', () => {
    expect(() => updateSupportCase(openedCase(), { statusChangeReason: 'because' }, 'agent', at(1))).toThrow(InvalidInputError);
  });

  it('staff change what the case is; only changed attributes count; null removes the expected resolution date', () => {
    const update = updateSupportCase(openedCase(), { severity: 'Critical', priority: 'Medium', expectedResolutionDate: '2027-01-20T00:00:00+01:00' }, 'agent', at(1));
    expect(update.changedAttributes).toEqual(['severity', 'expectedResolutionDate']);
    expect(update.supportCase).toMatchObject({ severity: 'Critical', expectedResolutionDate: '2027-01-19T23:00:00.000Z', lastUpdate: at(1) });
    expect(updateSupportCase(update.supportCase, { expectedResolutionDate: null }, 'agent', at(2)).supportCase).not.toHaveProperty('expectedResolutionDate');
    expect(() => updateSupportCase(openedCase(), { expectedResolutionDate: '2027-01-01T00:00:00Z' }, 'agent', at(1))).toThrow(/expectedResolutionDate/);
  });

  it('a case that is over takes nothing more, not even a note (409 support-case-over)', () => {
    const cancelled = worked([['customer', { status: 'cancelled' }]]);
    const attempt = () => updateSupportCase(cancelled, { note: [{ text: 'one more thing' }] }, 'customer', at(3));
    expect(attempt).toThrow(RuleViolationError);
    expect(attempt).toThrow(/is cancelled: it takes no more changes or notes/);
  });

  it('a case keeps at most 100 notes and 100 status changes', () => {
    const full: SupportCase = { ...openedCase(), note: Array.from({ length: maxNotesPerCase }, (_, index) => ({ id: String(index + 1), author: 'A', authorRole: 'customer' as const, date: at(0), text: 'x', '@type': 'Note' as const })) };
    expect(() => updateSupportCase(full, { note: [{ text: 'one too many' }] }, 'customer', at(1))).toThrow(/at most 100 notes/);
    const busy: SupportCase = { ...openedCase(), statusChange: Array.from({ length: maxStatusChanges }, () => ({ status: 'submitted' as const, changeDate: at(0), '@type': 'StatusChange' as const })) };
    expect(() => updateSupportCase(busy, { status: 'acknowledged' }, 'agent', at(1))).toThrow(/changed status 100 times/);
  });

  it('the patch schema takes TMF621 TroubleTicket_Update attributes only, and at least one', () => {
    const patch = { status: 'resolved', statusChangeReason: 'done', note: [{ text: 'fixed' }], severity: 'Minor', priority: 'Low', ticketType: 'request', name: 'x', expectedResolutionDate: '2027-02-01T00:00:00Z' };
    expect(supportCasePatchSchema.safeParse(patch).success).toBe(true);
    expect(validateTmf(tmf621, 'TroubleTicket_Update', patch)).toEqual({ valid: true, errors: [] });
    expect(supportCasePatchSchema.safeParse({}).success).toBe(false);
    expect(supportCasePatchSchema.safeParse({ status: 'submitted' }).success).toBe(false);
    expect(supportCasePatchSchema.safeParse({ creationDate: at(0) }).success).toBe(false);
    expect(supportCasePatchSchema.safeParse({ note: [{ text: 'x', author: 'someone else' }] }).success).toBe(false);
  });
});
