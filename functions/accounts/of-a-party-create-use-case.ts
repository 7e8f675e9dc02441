import { openPartyAccount, partyAccountCreateSchema, partyIdsOf, recordsReferencedBy, settlementAccountCreateSchema } from '../../domain/accounts/party-account.js';
import type { UseCase } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-create-use-case.js';
import { financialAccountFor } from './party-account-references.js';

/** The TMF666 records of a party that work alike: party and settlement accounts, each with its own bodies. */
export type OfAPartyKind = 'PartyAccount' | 'SettlementAccount';

const createBodies = { PartyAccount: partyAccountCreateSchema, SettlementAccount: settlementAccountCreateSchema } as const;

/** POST of a party or settlement account: the financial account it names is checked and counted (account-record-create-use-case.ts). */
export function ofAPartyCreateUseCase(kind: OfAPartyKind): UseCase {
  return accountRecordCreateUseCase({
    kind,
    createSchema: createBodies[kind],
    create: async (input, { id, now }) => {
      const financialAccount = await financialAccountFor(input.financialAccount, partyIdsOf(input));
      const resource = openPartyAccount(kind, input, { id, now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  });
}
