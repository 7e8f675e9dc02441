/**
 * What each role may write in a request body, declared once per resource and operation
 * (ARCHITECTURE.md §7): whatever drives a price, a tax, a limit or an owner is left out of the
 * customer's declaration, so it can only be set by staff. The body's schema says what is well
 * formed; the declaration says who may send it. Handlers call `requireWritable`
 * (functions/lib/auth/write-access.ts) with the route's declaration, and
 * test/handler/write-access.test.ts walks every attribute of every declaration for every role.
 *
 * The declaration is an allow-list: an attribute, or a characteristic name, that a declaration
 * does not name is refused, so an attribute added to a schema later is staff-only until
 * someone decides otherwise.
 */
export const writerRoles = ['admin', 'agent', 'risk', 'warehouse', 'customer', 'mediation', 'provisioning'] as const;
export type WriterRole = (typeof writerRoles)[number];
/** The roles of the first model, which every declaration names; the duty roles write only where a declaration names them. */
type ServingRole = 'admin' | 'agent' | 'customer' | 'mediation';

/** One attribute: any well-formed value, only the named attributes of an object (or of each object of a list), or only the named characteristics of a TMF `{ name, value }` list. */
export type Writable = true | { readonly attributes: WritableAttributes } | { readonly characteristicNames: readonly string[] };
export type WritableAttributes = { readonly [attribute: string]: Writable };

/**
 * Per role: `everything` the schema accepts, or only the declared attributes (none: `{}`). The
 * duty roles (`risk`, `warehouse`, `provisioning`) may be left out: left out, they write nothing.
 */
export type WriteAccess = { readonly [role in ServingRole]: 'everything' | WritableAttributes } & { readonly [role in Exclude<WriterRole, ServingRole>]?: 'everything' | WritableAttributes };

export const onlyAttributes = (attributes: WritableAttributes): Writable => ({ attributes });
export const onlyCharacteristics = (names: readonly string[]): Writable => ({ characteristicNames: names });

/**
 * The paths of the body that the role may not write (`characteristic[name=segment]`,
 * `item[0].pinnedPrice`), in body order; empty when the whole body is the role's to write.
 * A `null` (a merge patch removing the attribute) is a write like any other.
 */
export function forbiddenWrites(body: unknown, access: WriteAccess, role: WriterRole): string[] {
  const allowed = access[role] ?? {};
  if (allowed === 'everything') return [];
  return forbiddenIn(body, allowed, '');
}

function forbiddenIn(value: unknown, allowed: WritableAttributes, path: string): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((element, index) => forbiddenIn(element, allowed, `${path}[${index}]`));
  return Object.entries(value).flatMap(([attribute, attributeValue]) => {
    const at = path ? `${path}.${attribute}` : attribute;
    const writable = Object.hasOwn(allowed, attribute) ? allowed[attribute] : undefined;
    if (writable === undefined) return [at];
    if (writable === true || attributeValue === null) return [];
    if ('attributes' in writable) return forbiddenIn(attributeValue, writable.attributes, at);
    return forbiddenCharacteristics(attributeValue, writable.characteristicNames, at);
  });
}

function forbiddenCharacteristics(value: unknown, names: readonly string[], path: string): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((characteristic: unknown) => {
    const name = characteristic !== null && typeof characteristic === 'object' ? (characteristic as { name?: unknown }).name : undefined;
    return typeof name === 'string' && names.includes(name) ? [] : [`${path}[name=${String(name)}]`];
  });
}

/** A body only staff send (the route refuses customers before reading it). */
export const staffWrites: WriteAccess = { admin: 'everything', agent: 'everything', customer: {}, mediation: {} };
/** A stock adjustment: the warehouse's, and admins'; agents only read stock. */
export const warehouseWrites: WriteAccess = { admin: 'everything', agent: {}, customer: {}, mediation: {}, warehouse: 'everything' };
/** A provisioning result: the provisioning system's, and admins' (recovering an order by hand). */
export const provisioningWrites: WriteAccess = { admin: 'everything', agent: {}, customer: {}, mediation: {}, provisioning: 'everything' };
/** A body only admins send: the product catalog. */
export const adminWrites: WriteAccess = { admin: 'everything', agent: {}, customer: {}, mediation: {} };
