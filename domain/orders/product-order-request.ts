import * as z from 'zod';
import { mergePatchSchema } from '../shared/merge-patch.js';
import type { WriteAccess } from '../shared/write-access.js';

/**
 * Bodies of POST and PATCH /productOrder (TMF622 ProductOrder_Create / _Update), strict and
 * free of transforms, because API Gateway validates the same schemas as draft-04 models.
 * Prices are never taken from the client: the pricing engine sets itemPrice and orderTotalPrice.
 */
const idSchema = z.string().min(1).max(128);
const refSchema = z.strictObject({
  id: idSchema,
  href: z.string().max(1024).optional(),
  name: z.string().max(256).optional(),
  '@referredType': z.string().max(64).optional(),
  '@type': z.string().max(64).optional(),
});

const characteristicSchema = z.strictObject({
  name: z.string().min(1).max(128),
  value: z.union([z.string().max(1024), z.number(), z.boolean()]),
  valueType: z.string().max(32).optional(),
  '@type': z.string().max(64).optional(),
});

const componentItemSchema = z.strictObject({
  id: z.string().min(1).max(64),
  action: z.literal('add'),
  // 0 leaves an optional bundle component out.
  quantity: z.number().int().min(0).max(100).optional(),
  productOffering: refSchema,
  '@type': z.string().max(64).optional(),
});

/** Item ids name the products an order adds (`<order id>-<item id>`), so they keep to URL-safe characters. */
const itemIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or hyphen, at most 64');

const orderItemSchema = z.strictObject({
  id: itemIdSchema,
  action: z.enum(['add', 'modify', 'delete']),
  quantity: z.number().int().min(1).max(100).optional(),
  productOffering: refSchema.optional(),
  product: z
    .strictObject({
      id: idSchema.optional(),
      href: z.string().max(1024).optional(),
      productCharacteristic: z.array(characteristicSchema).max(50).optional(),
      '@type': z.string().max(64).optional(),
    })
    .optional(),
  productOrderItem: z.array(componentItemSchema).max(20).optional(),
  '@type': z.string().max(64).optional(),
});

const noteSchema = z.strictObject({
  author: z.string().max(256).optional(),
  date: z.iso.datetime({ offset: true }).optional(),
  text: z.string().min(1).max(4096),
});

const orderAttributes = {
  description: z.string().max(2048).optional(),
  externalId: z.string().max(128).optional(),
  priority: z.string().max(16).optional(),
  category: z.string().max(128).optional(),
  requestedStartDate: z.iso.datetime({ offset: true }).optional(),
  requestedCompletionDate: z.iso.datetime({ offset: true }).optional(),
  note: z.array(noteSchema).max(50).optional(),
};

export const productOrderCreateSchema = z
  .strictObject({
    ...orderAttributes,
    billingAccount: refSchema,
    relatedParty: z
      .array(refSchema.extend({ role: z.string().min(1).max(64) }))
      .max(10)
      .optional(),
    channel: z.array(refSchema).max(5).optional(),
    productOrderItem: z.array(orderItemSchema).min(1).max(50),
    '@type': z.literal('ProductOrder').optional(),
  })
  .superRefine((order, context) => {
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
  })
  // The API reference's example (infra/api-reference): item actions decide which references an item needs.
  .meta({
    examples: [
      {
        billingAccount: { id: '5b0f8e7a-3c1d-4e2f-9a6b-7c8d9e0f1a2b' },
        productOrderItem: [
          { id: '1', action: 'add', productOffering: { id: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' } },
          { id: '2', action: 'modify', product: { id: '9c8b7a6f-5e4d-4c3b-8a29-180f7e6d5c4b' }, productOffering: { id: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' } },
        ],
      },
    ],
  });
export type ProductOrderCreate = z.infer<typeof productOrderCreateSchema>;
export type ProductOrderItemCreate = ProductOrderCreate['productOrderItem'][number];

/** PATCH (merge patch) while the order is acknowledged: what the saga has not yet acted on. */
export const productOrderPatchSchema = mergePatchSchema({
  description: orderAttributes.description.nullable(),
  externalId: orderAttributes.externalId.nullable(),
  priority: orderAttributes.priority.nullable(),
  requestedStartDate: orderAttributes.requestedStartDate.nullable(),
  requestedCompletionDate: orderAttributes.requestedCompletionDate.nullable(),
  note: orderAttributes.note,
});
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
