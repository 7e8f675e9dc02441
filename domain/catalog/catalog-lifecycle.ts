import * as z from '../shared/zod.js';
import { RuleViolationError } from '../shared/domain-errors.js';

/**
 * The lifecycle every TMF620 resource follows here (TMF620 leaves `lifecycleStatus` free):
 *
 *   In design ──► Active ──► Launched ──► Retired
 *        │          └───────────────────────▲
 *        └──► Launched                            (Retired is terminal)
 *
 * Active and Launched are both "on sale": only they can be ordered and only they are visible
 * to customers. Retired resources stay readable for staff and keep pricing existing products.
 */
export const catalogLifecycleStatuses = ['In design', 'Active', 'Launched', 'Retired'] as const;
export type CatalogLifecycleStatus = (typeof catalogLifecycleStatuses)[number];
export const catalogLifecycleStatusSchema = /* @__PURE__ */ z.lazy(() => z.enum(catalogLifecycleStatuses));

const allowedTransitions: Record<CatalogLifecycleStatus, readonly CatalogLifecycleStatus[]> = {
  'In design': ['Active', 'Launched'],
  Active: ['Launched', 'Retired'],
  Launched: ['Retired'],
  Retired: [],
};

export function canTransitionCatalogResource(from: CatalogLifecycleStatus, to: CatalogLifecycleStatus): boolean {
  return from === to || allowedTransitions[from].includes(to);
}

/** Throws a 409-mapped rule violation naming the allowed next statuses. */
export function checkCatalogTransition(resource: string, from: CatalogLifecycleStatus, to: CatalogLifecycleStatus): void {
  if (canTransitionCatalogResource(from, to)) return;
  throw new RuleViolationError(
    'catalog-lifecycle',
    `a ${resource} cannot go from ${from} to ${to}; allowed: ${allowedTransitions[from].join(', ') || 'none (Retired is terminal)'}`,
  );
}

/** On sale: orderable, and visible to customers. */
export const isOnSale = (status: CatalogLifecycleStatus): boolean => status === 'Active' || status === 'Launched';
