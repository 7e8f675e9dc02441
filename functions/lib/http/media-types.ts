/** Media types a body may come in: JSON to create, JSON merge patch (or plain JSON) to patch. */
export const bodyMediaTypes = {
  create: ['application/json'],
  'merge-patch': ['application/merge-patch+json', 'application/json'],
} as const satisfies Record<string, readonly string[]>;

export type BodyKind = keyof typeof bodyMediaTypes;
