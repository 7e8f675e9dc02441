import {
  applyPartyAccountPatch,
  openPartyAccount,
  partyAccountCreateSchema,
  partyAccountPatchSchema,
  partyIdsOf,
  recordsReferencedBy,
  settlementAccountCreateSchema,
  settlementAccountPatchSchema,
  type PartyAccountRecord,
} from '../../domain/accounts/party-account.js';
import type { UseCase } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase, accountRecordPatchUseCase } from './account-record-http.js';
import { financialAccountFor, partiesAfter } from './party-account-references.js';

/** The TMF666 records of a party that work alike: party and settlement accounts, each with its own bodies. */
type OfAPartyKind = 'PartyAccount' | 'SettlementAccount';
const bodies = {
  PartyAccount: { create: partyAccountCreateSchema, patch: partyAccountPatchSchema },
  SettlementAccount: { create: settlementAccountCreateSchema, patch: settlementAccountPatchSchema },
} as const;

/** POST: the financial account it names is checked and counted (account-record-http.ts). */
export function ofAPartyCreateUseCase(kind: OfAPartyKind): UseCase {
  return accountRecordCreateUseCase({
    kind,
    createSchema: bodies[kind].create,
    create: async (input, { id, now }) => {
      const financialAccount = await financialAccountFor(input.financialAccount, partyIdsOf(input));
      const resource = openPartyAccount(kind, input, { id, now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  });
}

/** PATCH: merge patch with If-Match and lifecycle; a financial account named is checked and counted. */
export function ofAPartyPatchUseCase(kind: OfAPartyKind): UseCase {
  return accountRecordPatchUseCase<(typeof bodies)[OfAPartyKind]['patch'], PartyAccountRecord<OfAPartyKind>>({
    kind,
    patchSchema: bodies[kind].patch,
    referencesOf: recordsReferencedBy,
    change: async (current: PartyAccountRecord<OfAPartyKind>, patch, { now }) => {
      const financialAccount = patch.financialAccount === undefined ? current.financialAccount : await financialAccountFor(patch.financialAccount, partiesAfter(current, patch));
      const resource = applyPartyAccountPatch(current, patch, { now, financialAccount });
      return { resource, references: recordsReferencedBy(resource) };
    },
  });
}
