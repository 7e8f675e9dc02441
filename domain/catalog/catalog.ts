import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { RuleViolationError, type FieldProblem } from '../shared/domain-errors.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import { relatedPartySchema, timePeriodSchema, type RelatedParty, type TimePeriod } from '../shared/tmf-types.js';
import { catalogLifecycleStatusSchema, checkCatalogTransition, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { entityRefSchema, polymorphism, type EntityRef } from './catalog-types.js';

/**
 * TMF620 Catalog: a named selection of categories offered to a market (`catalogType` is free
 * text such as `ProductCatalog`). Below it, the rules every TMF620 resource shares, used by
 * category and productSpecification too.
 */
export const catalogPath = '/tmf-api/productCatalogManagement/v4/catalog';

/** A validity period whose end, when both are given, comes after its start. */
export const catalogValidForSchema = timePeriodSchema.check(
  z.refine(
    (period) => !period.startDateTime || !period.endDateTime || Date.parse(period.startDateTime) < Date.parse(period.endDateTime),
    { message: 'endDateTime must be after startDateTime', path: ['endDateTime'] },
  ),
);

/** A resource is created in design or straight on sale; it is retired only once it existed. */
export const initialLifecycleStatusSchema = /* @__PURE__ */ z.lazy(() => z.enum(
  ['In design', 'Active', 'Launched'],
  'a new catalog resource starts as In design (the default), Active or Launched',
));

/**
 * The status after a patch. Retired is terminal and frozen: a retired resource still prices
 * and describes what customers already have, so it is never edited afterwards.
 */
export function nextLifecycleStatus(
  resource: string,
  current: CatalogLifecycleStatus,
  requested: CatalogLifecycleStatus | undefined,
): CatalogLifecycleStatus {
  if (current === 'Retired') throw new RuleViolationError('catalog-lifecycle', `a Retired ${resource} cannot be changed`);
  const next = requested ?? current;
  checkCatalogTransition(resource, current, next);
  return next;
}

/**
 * Problems of an array of references: each must name a resource in `existing` (the
 * references the handler resolved) and appear once. Fields read `category[1].id`.
 */
export function referenceProblems(
  field: string,
  refs: readonly { id: string }[] | null | undefined,
  existing: ReadonlyMap<string, unknown>,
  label: string,
): FieldProblem[] {
  const seen = new Set<string>();
  return (refs ?? []).flatMap((ref, index) => {
    const problems: FieldProblem[] = [];
    if (!existing.has(ref.id)) problems.push({ field: `${field}[${index}].id`, problem: `${label} ${ref.id} does not exist` });
    if (seen.has(ref.id)) problems.push({ field: `${field}[${index}].id`, problem: `${label} ${ref.id} is listed twice` });
    seen.add(ref.id);
    return problems;
  });
}

/** The ids an optional array of references names, for the handler to resolve. */
export const referencedIds = (refs: readonly { id: string }[] | null | undefined): string[] => (refs ?? []).map((ref) => ref.id);

const catalogAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  version: z.optional(z.string().check(z.maxLength(64))),
  catalogType: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  category: z.optional(z.array(entityRefSchema).check(z.maxLength(100))),
  relatedParty: z.optional(z.array(relatedPartySchema).check(z.maxLength(20))),
  validFor: z.optional(catalogValidForSchema),
  '@type': z.optional(z.literal('Catalog')),
  '@baseType': polymorphism()['@baseType'],
  '@schemaLocation': polymorphism()['@schemaLocation'],
}));

/** POST body: TMF620 Catalog_Create. */
export const catalogCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...catalogAttributes(),
  lifecycleStatus: z.optional(initialLifecycleStatusSchema),
}));
export type CatalogCreate = z.infer<typeof catalogCreateSchema>;

/** PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one. */
export const catalogPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: catalogAttributes().name,
  description: z.nullable(catalogAttributes().description),
  version: z.nullable(catalogAttributes().version),
  catalogType: z.nullable(catalogAttributes().catalogType),
  category: z.nullable(catalogAttributes().category),
  relatedParty: z.nullable(catalogAttributes().relatedParty),
  validFor: z.nullable(catalogAttributes().validFor),
  lifecycleStatus: catalogLifecycleStatusSchema,
  '@type': catalogAttributes()['@type'],
  '@baseType': z.nullable(catalogAttributes()['@baseType']),
  '@schemaLocation': z.nullable(catalogAttributes()['@schemaLocation']),
}));
export type CatalogPatch = z.infer<typeof catalogPatchSchema>;

/** The TMF620 Catalog resource as stored and served. */
export interface Catalog {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  catalogType?: string;
  category?: EntityRef[];
  relatedParty?: RelatedParty[];
  validFor?: TimePeriod;
  lifecycleStatus: CatalogLifecycleStatus;
  lastUpdate: string;
  '@type': 'Catalog';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension attribute: when the catalog was created. */
  createdAt: string;
}

export function createCatalog(input: CatalogCreate, id: string, now: string): Catalog {
  return {
    ...input,
    id,
    href: `${catalogPath}/${id}`,
    lifecycleStatus: input.lifecycleStatus ?? 'In design',
    lastUpdate: now,
    '@type': 'Catalog',
    createdAt: now,
  };
}

/** Any TMF620 resource after a merge patch: its lifecycle move checked, `lastUpdate` stamped. */
export function patchedCatalogResource<T extends { lifecycleStatus: CatalogLifecycleStatus; lastUpdate: string }>(
  resource: string,
  current: T,
  patch: Record<string, unknown> & { lifecycleStatus?: CatalogLifecycleStatus | undefined },
  now: string,
): T {
  const lifecycleStatus = nextLifecycleStatus(resource, current.lifecycleStatus, patch.lifecycleStatus);
  return { ...applyMergePatch(current, patch), lifecycleStatus, lastUpdate: now };
}

export function applyCatalogPatch(current: Catalog, patch: CatalogPatch, now: string): Catalog {
  return patchedCatalogResource('catalog', current, patch, now);
}

/** The categories a catalog (or a catalog patch) lists must exist, each once. */
export function catalogReferenceProblems(catalog: Pick<CatalogPatch, 'category'>, categories: ReadonlyMap<string, unknown>): FieldProblem[] {
  return referenceProblems('category', catalog.category, categories, 'category');
}
