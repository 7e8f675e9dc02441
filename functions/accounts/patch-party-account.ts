import { applyPartyAccountPatch, partyAccountPatchSchema, recordsReferencedBy, type PartyAccount } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';
import { financialAccountFor, partiesAfter } from './party-account-references.js';

/** TMF666 PATCH /partyAccount/{id}: merge patch with If-Match and lifecycle; a financial account named is checked and counted (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordPatchUseCase<typeof partyAccountPatchSchema, PartyAccount>({
    kind: 'PartyAccount',
    patchSchema: partyAccountPatchSchema,
    referencesOf: recordsReferencedBy,
    change: async (current: PartyAccount, patch, { now }) => {
      const financialAccount = patch.financialAccount === undefined ? current.financialAccount : await financialAccountFor(patch.financialAccount, partiesAfter(current, patch));
      const resource = applyPartyAccountPatch(current, patch, { now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  }),
);
