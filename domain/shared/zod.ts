import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Zod for every schema the functions run: the mini build, whose functions tree-shake and whose
 * schemas carry no methods of their own. Classic zod put about 90 KB into each bundle and cost a
 * cold start about 20 ms to load and build (npm run bench -- --only=init); mini puts about
 * 25 KB. Mini leaves out the English messages classic zod installs, so they are installed here,
 * once, for every error a client or a log line shows.
 */
z.config(en());

export * from 'zod/mini';

/**
 * A schema as built, looked at through `z.lazy`: module-level schemas are lazy (built the first
 * time something parses with them, so a cold start builds only the schemas its requests use), and
 * what reads a schema's structure (its object shape) reads the schema inside.
 */
export function builtSchema(schema: z.core.$ZodType): z.core.$ZodType {
  // Told by its definition's type, not `instanceof z.core.$ZodLazy`: a value read of `z.core`
  // keeps all of zod's core in the bundle (locales, JSON Schema), about 380 KB.
  return schema._zod.def.type === 'lazy' ? builtSchema((schema as z.core.$ZodLazy)._zod.innerType) : schema;
}

/**
 * An object of schemas (attributes several schemas spread or pick from), or a schema another
 * takes apart (`z.omit`), built the first time a lazy schema asks for it and then kept: at module
 * level it would be built at every import.
 */
export function shapeOnFirstUse<Shape>(build: () => Shape): () => Shape {
  let built: Shape | undefined;
  return () => (built ??= build());
}
