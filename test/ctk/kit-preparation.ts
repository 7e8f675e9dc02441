import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { kitFolder, type Kit } from './ctk-kits.js';

/**
 * What a kit's `ctk/index.js` does to its collection before newman runs it, done on copies in
 * memory so that the kit's files stay as TM Forum ships them:
 *
 * - every request of every folder gets config.json's headers, as its only headers;
 * - the environment is renamed `TMForumv4` and the kit's API variable set to config.json's `url`;
 * - each config.json payload is validated against the kit's `schemas/<Resource>.schema.json`
 *   (index.js stops with "Fix your example to continue" when one is invalid), then replaces the
 *   raw body of the first request of the folder index.js names for that resource.
 *
 * index.js puts the payloads in after it has called newman.run, which reads the collection only
 * on a later tick, so they do reach the requests (newman 6 was checked for that).
 */

/** A kit's config.json: what an implementer configures. */
export interface KitConfig {
  url: string;
  headers: Record<string, string>;
  payloads: Record<string, { POST: { payload: unknown } }>;
}

interface PostmanRequest {
  method?: string;
  header?: { key: string; value: string }[];
  body?: { mode?: string; raw?: string };
  [key: string]: unknown;
}
export interface PostmanCollection {
  item: { name: string; item?: { name: string; request: PostmanRequest; [key: string]: unknown }[]; [key: string]: unknown }[];
  [key: string]: unknown;
}
export interface PostmanEnvironment {
  name?: string;
  values: { key: string; value: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** The kit files index.js reads. */
export interface KitFiles {
  collection: PostmanCollection;
  environment: PostmanEnvironment;
  /** `schemas/<Resource>.schema.json` by resource. */
  schemas: Record<string, object>;
}

export function loadKitFiles(kit: Kit): KitFiles {
  const folder = kitFolder(kit.id);
  const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
  const schemaFolder = resolve(folder, 'schemas');
  const schemas = existsSync(schemaFolder)
    ? Object.fromEntries(
        readdirSync(schemaFolder)
          .filter((file) => file.endsWith('.schema.json'))
          .map((file) => [file.slice(0, -'.schema.json'.length), json<object>(resolve(schemaFolder, file))]),
      )
    : {};
  return {
    collection: json(resolve(folder, kit.collection)),
    environment: json(resolve(folder, 'TMFENV-V4.0.0.postman_environment.json')),
    schemas,
  };
}

// The kits' schemas name "http://json-schema.org/schema#", which the kits' jsonschema library
// reads as the current draft; Ajv's default draft is read the same way for these simple schemas.
const ajv = new Ajv({ strict: false, validateSchema: false });

export function prepareKitRun(kit: Kit, files: KitFiles, config: KitConfig): { collection: PostmanCollection; environment: PostmanEnvironment } {
  const collection = structuredClone(files.collection);
  const headers = Object.keys(config.headers).map((key) => ({ key, value: config.headers[key]! }));
  for (const folder of collection.item) {
    if (!folder.item) throw new Error(`${kit.id}: "${folder.name}" is not a folder of requests, which index.js expects every top-level item to be`);
    for (const request of folder.item) request.request.header = headers;
  }

  const environment = structuredClone(files.environment);
  environment.name = 'TMForumv4';
  for (const variable of environment.values) if (variable.key === kit.environmentKey) variable.value = config.url;

  for (const [resource, methods] of Object.entries(config.payloads)) {
    const schema = files.schemas[resource];
    if (!schema) throw new Error(`${kit.id}: config.json has a ${resource} payload but the kit has no schemas/${resource}.schema.json (its index.js would fail to load it)`);
    const validate = ajv.compile(schema);
    if (!validate(methods.POST.payload)) {
      throw new Error(`${kit.id}: ERROR: Resource ${resource} on config.json ${ajv.errorsText(validate.errors)} (the kit says: fix your example to continue)`);
    }
    const folderIndex = kit.payloadFolders[resource];
    if (folderIndex === undefined) continue;
    const request = collection.item[folderIndex]?.item?.[0]?.request;
    if (!request?.body) throw new Error(`${kit.id}: index.js would put the ${resource} payload into a request without a body (folder ${folderIndex}), and fail`);
    request.body.raw = JSON.stringify(methods.POST.payload);
  }
  return { collection, environment };
}
