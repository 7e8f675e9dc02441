import { builtInCycleSpecifications, billingCycleSpecificationPatchSchema, applyBillingCycleSpecificationPatch, type BillingCycleSpecification } from '../../domain/accounts/billing-cycle-specification.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';

/** TMF666 PATCH /billingCycleSpecification/{id}: merge patch with If-Match; built-in ones 409 (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordPatchUseCase({
    kind: 'BillingCycleSpecification',
    patchSchema: billingCycleSpecificationPatchSchema,
    builtIns: builtInCycleSpecifications,
    change: (current: BillingCycleSpecification, patch, { now }) => ({ resource: applyBillingCycleSpecificationPatch(current, patch, now) }),
  }),
);
