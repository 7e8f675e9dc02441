import { settlementAccountCreateSchema, openPartyAccount, partyIdsOf, recordsReferencedBy } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-http.js';
import { financialAccountFor } from './party-account-references.js';

/** TMF666 POST /settlementAccount: the financial account it names is checked and counted (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordCreateUseCase({
    kind: 'SettlementAccount',
    createSchema: settlementAccountCreateSchema,
    create: async (input, { id, now }) => {
      const financialAccount = await financialAccountFor(input.financialAccount, partyIdsOf(input));
      const resource = openPartyAccount('SettlementAccount', input, { id, now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  }),
);
