/** Newest first by an ISO instant; the API lists bills and messages oldest first. */
export function newestFirst<T>(items: readonly T[], instant: (item: T) => string): T[] {
  return [...items].sort((a, b) => Date.parse(instant(b)) - Date.parse(instant(a)));
}
