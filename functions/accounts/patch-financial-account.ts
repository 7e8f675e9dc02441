import { applyPartyAccountPatch, financialAccountPatchSchema, refuseRegrouping, type FinancialAccount } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';

/** TMF666 PATCH /financialAccount/{id}: merge patch with If-Match and lifecycle; its parties are fixed while accounts refer to it (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordPatchUseCase({
    kind: 'FinancialAccount',
    patchSchema: financialAccountPatchSchema,
    change: (current: FinancialAccount, patch, { now, references }) => {
      refuseRegrouping(current, patch, references);
      return { resource: applyPartyAccountPatch(current, patch, { now }) };
    },
  }),
);
