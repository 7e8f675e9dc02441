import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import * as z from '../shared/zod.js';

/**
 * What a case is about: the customer's products and bills, as TMF621 relatedEntity references.
 * A case may only name the customer's own: another customer's bill is refused exactly like a
 * bill that does not exist, so ids of other customers cannot be probed through a case.
 */
export const relatedEntityTypes = ['Product', 'CustomerBill'] as const;
export type RelatedEntityType = (typeof relatedEntityTypes)[number];

export const relatedEntityPaths: Record<RelatedEntityType, string> = {
  Product: '/tmf-api/productInventory/v4/product',
  CustomerBill: '/tmf-api/customerBillManagement/v4/customerBill',
};

/** The role a reference plays when the request names none. */
export const defaultRelatedEntityRole = 'subject';

export const relatedEntityInputSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  '@referredType': z.enum(relatedEntityTypes),
  role: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  /** Accepted as clients read them back; the case keeps its own canonical href and name. */
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
}));
export type RelatedEntityInput = z.infer<typeof relatedEntityInputSchema>;

export interface CaseRelatedEntity {
  id: string;
  href: string;
  name: string;
  role: string;
  '@referredType': RelatedEntityType;
}

/** What the store found for a reference: whose it is and what it is called (a product's name, a bill's number). */
export interface FoundEntity {
  ownerCustomerId: string;
  name: string;
}

export const relatedEntityKey = (type: RelatedEntityType, id: string): string => `${type}#${id}`;

/**
 * The case's references, each checked against what was found for it: it must exist and belong
 * to `customerId` (400 naming `relatedEntity[i].id` otherwise, the same words for both), and
 * appear once.
 */
export function resolveRelatedEntities(inputs: readonly RelatedEntityInput[], found: ReadonlyMap<string, FoundEntity>, customerId: string): CaseRelatedEntity[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const resolved = inputs.flatMap((input, index): CaseRelatedEntity[] => {
    const key = relatedEntityKey(input['@referredType'], input.id);
    if (seen.has(key)) {
      problems.push({ field: `relatedEntity[${index}]`, problem: `names ${input['@referredType']} ${input.id} a second time` });
      return [];
    }
    seen.add(key);
    const entity = found.get(key);
    if (entity === undefined || entity.ownerCustomerId !== customerId) {
      problems.push({ field: `relatedEntity[${index}].id`, problem: `the customer has no ${input['@referredType']} ${input.id}` });
      return [];
    }
    const type = input['@referredType'];
    return [{ id: input.id, href: `${relatedEntityPaths[type]}/${input.id}`, name: entity.name, role: input.role ?? defaultRelatedEntityRole, '@referredType': type }];
  });
  rejectFieldProblems(problems, 'a related entity cannot be referenced');
  return resolved;
}
