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
