import type * as z from '../shared/zod.js';
import type { WritableAttributes, WriteAccess } from '../shared/write-access.js';
import { billingAccountCreateSchema, billingAccountPatchSchema } from './billing-account.js';

/**
 * Who may write a billing account (docs/security.md): staff, but its `creditLimit`, the figure
 * every order's credit check holds against, is a risk decision, not a service one: only admins
 * and credit/risk officers (`risk`) set it, wherever it is set. Agents write every other
 * attribute the schema accepts; `risk` writes the limit and nothing else. Customers open no
 * account and, of their own accounts, change only which of their cards pays the bills
 * (`billingAccountPatchAccess`).
 */
const riskDecisions = ['creditLimit'] as const;

function staffButRiskDecisions(schema: z.ZodMiniObject, customer: WritableAttributes = {}): WriteAccess {
  const agentWritable: WritableAttributes = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((attribute) => !(riskDecisions as readonly string[]).includes(attribute))
      .map((attribute) => [attribute, true]),
  );
  const riskWritable: WritableAttributes = Object.fromEntries(riskDecisions.filter((attribute) => attribute in schema.shape).map((attribute) => [attribute, true]));
  return { admin: 'everything', agent: agentWritable, risk: riskWritable, customer, mediation: {} };
}

export const billingAccountCreateAccess: WriteAccess = staffButRiskDecisions(billingAccountCreateSchema);
/**
 * A customer patches its own account's `defaultPaymentMethod` and nothing else: which of its own
 * cards pays the bills is its choice, as in any self-care portal. The declaration lets the
 * attribute through; the rule of its value (one of the cards its customer record lists, never
 * `null`) is `customerDefaultPaymentMethodChoice` (default-payment-method.ts), which the handler
 * applies against the customer record.
 */
export const billingAccountPatchAccess: WriteAccess = staffButRiskDecisions(billingAccountPatchSchema, { defaultPaymentMethod: true });
