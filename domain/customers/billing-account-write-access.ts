import type * as z from 'zod';
import type { WritableAttributes, WriteAccess } from '../shared/write-access.js';
import { billingAccountCreateSchema, billingAccountPatchSchema } from './billing-account.js';

/**
 * Who may write a billing account (docs/security.md): staff, and of staff only admins set its
 * `creditLimit`, the figure every order's credit check holds against (a risk decision, not a
 * service one). Agents may write every other attribute the schema accepts.
 */
const adminOnly = new Set(['creditLimit']);

function staffButAdminOnly(schema: z.ZodObject): WriteAccess {
  const agentWritable: WritableAttributes = Object.fromEntries(Object.keys(schema.shape).filter((attribute) => !adminOnly.has(attribute)).map((attribute) => [attribute, true]));
  return { admin: 'everything', agent: agentWritable, customer: {}, mediation: {} };
}

export const billingAccountCreateAccess: WriteAccess = staffButAdminOnly(billingAccountCreateSchema);
export const billingAccountPatchAccess: WriteAccess = staffButAdminOnly(billingAccountPatchSchema);
