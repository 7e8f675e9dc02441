import type { CaseStatus } from '../shared/api-types.js';

/**
 * What a customer may do with its case in each status (docs/support-cases.md, "The lifecycle"):
 * add notes until the case is over, withdraw it before it is resolved, and once resolved confirm
 * (close) or say it is not fixed (reopen, with what is still wrong). The API decides; the page
 * offers only what it would accept. web/test/support-cases.test.ts keeps this equal to the
 * domain's lifecycle, which the app cannot import.
 */
export interface CustomerCaseActions {
  note: boolean;
  cancel: boolean;
  close: boolean;
  reopen: boolean;
}

const over: readonly CaseStatus[] = ['closed', 'cancelled', 'rejected'];

export function customerCaseActions(status: CaseStatus): CustomerCaseActions {
  const open = !over.includes(status);
  return { note: open, cancel: open && status !== 'resolved', close: status === 'resolved', reopen: status === 'resolved' };
}
