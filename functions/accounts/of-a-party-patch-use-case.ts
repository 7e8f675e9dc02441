import { applyPartyAccountPatch, partyAccountPatchSchema, recordsReferencedBy, settlementAccountPatchSchema, type PartyAccountRecord } from '../../domain/accounts/party-account.js';
import type { UseCase } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';
import { financialAccountFor, partiesAfter } from './party-account-references.js';
import type { OfAPartyKind } from './of-a-party-create-use-case.js';

const patchBodies = { PartyAccount: partyAccountPatchSchema, SettlementAccount: settlementAccountPatchSchema } as const;

/**
 * PATCH of a party or settlement account: merge patch with If-Match and lifecycle; a financial
 * account named is checked and counted (account-record-http.ts). Apart from the create, which
 * carries the `import()` of idempotency (functions/catalog/catalog-create-use-case.ts says why).
 */
export function ofAPartyPatchUseCase(kind: OfAPartyKind): UseCase {
  return accountRecordPatchUseCase<(typeof patchBodies)[OfAPartyKind], PartyAccountRecord<OfAPartyKind>>({
    kind,
    patchSchema: patchBodies[kind],
    referencesOf: recordsReferencedBy,
    change: async (current: PartyAccountRecord<OfAPartyKind>, patch, { now }) => {
      const financialAccount = patch.financialAccount === undefined ? current.financialAccount : await financialAccountFor(patch.financialAccount, partiesAfter(current, patch));
      const resource = applyPartyAccountPatch(current, patch, { now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  });
}
