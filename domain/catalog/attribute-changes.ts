/**
 * Which attributes a patch really changed. A client that sends a frozen attribute back with
 * its current value (a whole-resource PATCH) changes nothing, so that is no violation; JSON
 * values are compared structurally, ignoring key order.
 */
export function changedAttributes<T extends object>(before: T, after: T, attributes: Iterable<string>): string[] {
  const was = before as Record<string, unknown>;
  const is = after as Record<string, unknown>;
  return [...new Set(attributes)].filter((attribute) => !sameJson(was[attribute], is[attribute]));
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  const aEntries = Object.entries(a).filter(([, value]) => value !== undefined);
  const bObject = b as Record<string, unknown>;
  const bKeys = Object.keys(bObject).filter((key) => bObject[key] !== undefined);
  return aEntries.length === bKeys.length && aEntries.every(([key, value]) => Object.hasOwn(bObject, key) && sameJson(value, bObject[key]));
}
