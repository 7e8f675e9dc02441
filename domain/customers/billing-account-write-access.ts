import type { WritableAttributes, WriteAccess } from '../shared/write-access.js';
import type * as z from '../shared/zod.js';
import { builtSchema } from '../shared/zod.js';
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

/** Agents' and risk officers' attributes, read off the body's schema the first time a write asks (the schema is lazy: docs/decisions.md, "Performance"). */
function staffButRiskDecisions(schema: z.core.$ZodType, customer: WritableAttributes = {}): WriteAccess {
  let attributes: string[] | undefined;
  const attributesOf = () => (attributes ??= Object.keys((builtSchema(schema) as z.ZodMiniObject).shape));
  const writable = (names: readonly string[]): WritableAttributes => Object.fromEntries(names.map((attribute) => [attribute, true]));
  return {
    admin: 'everything',
    get agent() {
      return writable(attributesOf().filter((attribute) => !(riskDecisions as readonly string[]).includes(attribute)));
    },
    get risk() {
      return writable(riskDecisions.filter((attribute) => attributesOf().includes(attribute)));
    },
    customer,
    mediation: {},
  };
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
