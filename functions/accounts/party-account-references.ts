import { financialAccountProblem, financialAccountRefOf, partyIdsOf, type FinancialAccount, type FinancialAccountRef, type PartyAccountRecord } from '../../domain/accounts/party-account.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { findAccountRecord } from '../lib/store/account-record-store.js';

/**
 * The financial account an account of a party names, read and checked (financialAccountProblem):
 * undefined when it names none, 400 on `financialAccount.id` when it cannot use the one named.
 */
export async function financialAccountFor(reference: { id: string } | null | undefined, parties: readonly string[]): Promise<FinancialAccountRef | undefined> {
  if (reference === undefined || reference === null) return undefined;
  const stored = await findAccountRecord<FinancialAccount>('FinancialAccount', reference.id);
  const problem = financialAccountProblem(reference.id, stored?.resource, parties);
  if (problem !== undefined) throw new InvalidInputError(`financialAccount.id: ${problem}`, [{ field: 'financialAccount.id', problem }]);
  return financialAccountRefOf(stored!.resource);
}

/** The parties an account names after a patch (its own unless the patch replaces them). */
export const partiesAfter = (current: PartyAccountRecord, patch: { relatedParty?: PartyAccountRecord['relatedParty'] | undefined }): string[] =>
  partyIdsOf({ relatedParty: patch.relatedParty ?? current.relatedParty });
