import { describe, expect, it } from 'vitest';
import { caseStatuses, nextCaseStatuses, requireCaseTransition } from '../../domain/support-cases/case-lifecycle.js';
import { agentNextStatuses, reasonRequired } from '../agent/agent-case-actions.js';

describe('agent case actions', () => {
  // The app keeps its own copy of the lifecycle (it cannot bundle server code); this keeps the copy equal to the rules the API enforces.
  it.each(caseStatuses)('from %s: the moves the lifecycle allows an agent', (from) => {
    expect([...agentNextStatuses(from)].sort()).toEqual(nextCaseStatuses(from, 'agent').sort());
  });

  it.each(caseStatuses.flatMap((from) => nextCaseStatuses(from, 'agent').map((to) => [from, to] as const)))('%s → %s needs a reason exactly when the API asks for one', (from, to) => {
    const refusedWithout = (() => {
      try {
        requireCaseTransition({ from, to, actor: 'agent', reason: undefined });
        return false;
      } catch {
        return true;
      }
    })();
    expect(reasonRequired(from, to)).toBe(refusedWithout);
  });
});
