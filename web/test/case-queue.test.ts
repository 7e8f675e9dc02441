import { describe, expect, it } from 'vitest';
import { caseStatuses, isFinalCaseStatus } from '../../domain/support-cases/case-lifecycle.js';
import { agentPaths } from '../agent/agent-paths.js';
import { caseQueueQuery, openCaseStatuses } from '../agent/case-queue.js';

describe('the support queue', () => {
  it('calls open every status of the domain that is neither final nor resolved', () => {
    expect([...openCaseStatuses].sort()).toEqual(caseStatuses.filter((status) => !isFinalCaseStatus(status) && status !== 'resolved').sort());
  });

  it('asks the API for the open cases by default, and for one status, a severity and an age when chosen', () => {
    const now = new Date('2027-02-10T12:00:00Z');
    expect(caseQueueQuery({ status: 'open', severity: '', olderThanDays: 0 }, now)).toEqual({ status: 'submitted,acknowledged,inProgress,pending,held' });
    expect(caseQueueQuery({ status: 'all', severity: '', olderThanDays: 0 }, now)).toEqual({});
    expect(caseQueueQuery({ status: 'pending', severity: 'Critical', olderThanDays: 3 }, now)).toEqual({ status: 'pending', severity: 'Critical', 'creationDate.lt': '2027-02-07T12:00:00.000Z' });
  });

  it('keeps the filters in the URL, leaving out the defaults', () => {
    expect(agentPaths.caseQueue()).toBe('/agent/cases');
    expect(agentPaths.caseQueue({ status: 'open', severity: '', olderThanDays: 0 })).toBe('/agent/cases');
    expect(agentPaths.caseQueue({ status: 'pending', severity: 'Major', olderThanDays: 7 })).toBe('/agent/cases?status=pending&severity=Major&age=7');
  });
});
