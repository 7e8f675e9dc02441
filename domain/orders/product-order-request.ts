import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import type { WriteAccess } from '../shared/write-access.js';

/**
 * Bodies of POST and PATCH /productOrder (TMF622 ProductOrder_Create / _Update), strict and
 * free of transforms, because API Gateway validates the same schemas as draft-04 models.
 * Prices are never taken from the client: the pricing engine sets itemPrice and orderTotalPrice.
 */
const idSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(128)));
/** Built on first use and then kept: the order's party references extend its shape (`z.extend`). */
const refSchema = /* @__PURE__ */ shapeOnFirstUse(() => z.strictObject({
  id: idSchema,
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  '@referredType': z.optional(z.string().check(z.maxLength(64))),
  '@type': z.optional(z.string().check(z.maxLength(64))),
}));

const characteristicSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  value: z.union([z.string().check(z.maxLength(1024)), z.number(), z.boolean()]),
  valueType: z.optional(z.string().check(z.maxLength(32))),
  '@type': z.optional(z.string().check(z.maxLength(64))),
}));

const componentItemSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  action: z.literal('add'),
  // 0 leaves an optional bundle component out.
  quantity: z.optional(z.int().check(z.gte(0), z.lte(100))),
  productOffering: refSchema(),
  '@type': z.optional(z.string().check(z.maxLength(64))),
}));

/** Item ids name the products an order adds (`<order id>-<item id>`), so they keep to URL-safe characters. */
const itemIdSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or hyphen, at most 64')));

/** An order's item, built on first use and then kept: an onboarding's first order narrows its shape (domain/onboarding/onboarding.ts). */
export const orderItemSchema = /* @__PURE__ */ shapeOnFirstUse(() => z.strictObject({
  id: itemIdSchema,
  action: z.enum(['add', 'modify', 'delete']),
  quantity: z.optional(z.int().check(z.gte(1), z.lte(100))),
  productOffering: z.optional(refSchema()),
  product: z.optional(
    z.strictObject({
      id: z.optional(idSchema),
      href: z.optional(z.string().check(z.maxLength(1024))),
      productCharacteristic: z.optional(z.array(characteristicSchema).check(z.maxLength(50))),
      '@type': z.optional(z.string().check(z.maxLength(64))),
    }),
  ),
  productOrderItem: z.optional(z.array(componentItemSchema).check(z.maxLength(20))),
  '@type': z.optional(z.string().check(z.maxLength(64))),
}));

const noteSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  author: z.optional(z.string().check(z.maxLength(256))),
  date: z.optional(z.iso.datetime({ offset: true })),
  text: z.string().check(z.minLength(1), z.maxLength(4096)),
}));

const orderAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  description: z.optional(z.string().check(z.maxLength(2048))),
  externalId: z.optional(z.string().check(z.maxLength(128))),
  priority: z.optional(z.string().check(z.maxLength(16))),
  category: z.optional(z.string().check(z.maxLength(128))),
  requestedStartDate: z.optional(z.iso.datetime({ offset: true })),
  requestedCompletionDate: z.optional(z.iso.datetime({ offset: true })),
  note: z.optional(z.array(noteSchema).check(z.maxLength(50))),
}));

export const productOrderCreateSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    ...orderAttributes(),
    // Optional as in TMF622: without it, the default account of the customer the order names (orderingCustomerId) pays.
    billingAccount: z.optional(refSchema()),
    relatedParty: z.optional(z.array(z.extend(refSchema(), { role: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) })).check(z.maxLength(10))),
    channel: z.optional(z.array(refSchema()).check(z.maxLength(5))),
    productOrderItem: z.array(orderItemSchema()).check(z.minLength(1), z.maxLength(50)),
    '@type': z.optional(z.literal('ProductOrder')),
  })
  .check(
    z.superRefine((order, context) => {
      const seen = new Set<string>();
      order.productOrderItem.forEach((item, index) => {
        const at = (...path: (string | number)[]) => ['productOrderItem', index, ...path];
        if (seen.has(item.id)) context.addIssue({ code: 'custom', path: at('id'), message: 'two items have this id' });
        seen.add(item.id);
        if (item.action !== 'delete' && item.productOffering === undefined) {
          context.addIssue({ code: 'custom', path: at('productOffering'), message: `an ${item.action} item names the product offering` });
        }
        if (item.action !== 'add' && item.product?.id === undefined) {
          context.addIssue({ code: 'custom', path: at('product', 'id'), message: `a ${item.action} item names the existing product` });
        }
        if (item.action === 'add' && item.product?.id !== undefined) {
          context.addIssue({ code: 'custom', path: at('product', 'id'), message: 'an add item creates its product: leave the id out' });
        }
        if (item.action !== 'add' && item.productOrderItem !== undefined) {
          context.addIssue({ code: 'custom', path: at('productOrderItem'), message: 'bundle components are chosen when the bundle is added' });
        }
      });
    }),
    // The API reference's example (infra/api-reference): item actions decide which references an item needs.
    z.meta({
      examples: [
        {
          billingAccount: { id: '5b0f8e7a-3c1d-4e2f-9a6b-7c8d9e0f1a2b' },
          productOrderItem: [
            { id: '1', action: 'add', productOffering: { id: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' } },
            { id: '2', action: 'modify', product: { id: '9c8b7a6f-5e4d-4c3b-8a29-180f7e6d5c4b' }, productOffering: { id: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' } },
          ],
        },
      ],
    }),
  ));
export type ProductOrderCreate = z.infer<typeof productOrderCreateSchema>;
export type ProductOrderItemCreate = ProductOrderCreate['productOrderItem'][number];

const isCustomerParty = (party: NonNullable<ProductOrderCreate['relatedParty']>[number]): boolean =>
  party.role !== undefined ? party.role.toLowerCase() === 'customer' : party['@referredType']?.toLowerCase() === 'customer';

/**
 * The customer an order names in `relatedParty`: the party whose role is Customer (a party
 * without a role, the one referred to as a Customer), else the only party when it has no role.
 * Undefined when it names none, or two different ones.
 */
export function orderingCustomerId(relatedParty: ProductOrderCreate['relatedParty']): string | undefined {
  const parties = relatedParty ?? [];
  const customers = parties.filter(isCustomerParty);
  if (customers.length > 0) return new Set(customers.map((party) => party.id)).size === 1 ? customers[0]!.id : undefined;
  return parties.length === 1 && parties[0]!.role === undefined ? parties[0]!.id : undefined;
}

/** The customers an order names in `relatedParty` (by role, or as referred to): all must own the account the order is billed to. */
export const namedCustomerIds = (relatedParty: ProductOrderCreate['relatedParty']): string[] => (relatedParty ?? []).filter(isCustomerParty).map((party) => party.id);

/** PATCH (merge patch) while the order is acknowledged: what the saga has not yet acted on. */
export const productOrderPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  description: z.nullable(orderAttributes().description),
  externalId: z.nullable(orderAttributes().externalId),
  priority: z.nullable(orderAttributes().priority),
  requestedStartDate: z.nullable(orderAttributes().requestedStartDate),
  requestedCompletionDate: z.nullable(orderAttributes().requestedCompletionDate),
  note: orderAttributes().note,
}));
export type ProductOrderPatch = z.infer<typeof productOrderPatchSchema>;

/**
 * A customer orders for its own accounts (checked against the account's owner) and writes
 * every attribute of the order: none of them sets a price, which the pricing engine computes.
 */
export const productOrderCreateAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: {
    billingAccount: true,
    relatedParty: true,
    channel: true,
    productOrderItem: true,
    description: true,
    externalId: true,
    priority: true,
    category: true,
    requestedStartDate: true,
    requestedCompletionDate: true,
    note: true,
    '@type': true,
  },
};

/** What the saga has not yet acted on is the customer's to change, as it is staff's. */
export const productOrderPatchAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: { description: true, externalId: true, priority: true, requestedStartDate: true, requestedCompletionDate: true, note: true },
};
