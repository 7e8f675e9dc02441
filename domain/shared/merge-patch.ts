import * as z from './zod.js';

/**
 * JSON merge patch (RFC 7396) at the level our PATCH schemas validate: each attribute of the
 * patch replaces the resource's, and `null` removes it. Nested objects are validated as whole
 * values by the patch schemas, so replacing them is what merging them would give.
 */
export function applyMergePatch<T extends object>(resource: T, patch: Record<string, unknown>): T {
  const patched = { ...resource } as Record<string, unknown>;
  for (const [attribute, value] of Object.entries(patch)) {
    if (value === null) delete patched[attribute];
    else if (value !== undefined) patched[attribute] = value;
  }
  return patched as T;
}

/**
 * The body schema of a PATCH: the given attributes, each optional, nothing else, and at least
 * one of them (an empty patch is a client mistake, not a no-op to acknowledge).
 */
export function mergePatchSchema<Shape extends z.core.$ZodShape>(shape: Shape) {
  return z.partial(z.strictObject(shape)).check(
    z.refine((patch) => Object.keys(patch).length > 0, {
      message: 'the patch changes nothing: send at least one attribute',
      // Only a patch that is otherwise valid is judged empty: an unknown attribute is the one problem to report.
      when: (payload) => payload.issues.length === 0,
    }),
  );
}
