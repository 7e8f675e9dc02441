import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

/**
 * Validates JSON values against the definitions of the TM Forum swagger 2.0 files the
 * project keeps in `specs/tmf/` (unmodified, with their licence and provenance). Swagger 2 definitions are
 * JSON Schema draft-04-ish with `#/definitions/...` refs: each file is registered once as a
 * schema whose `definitions` are the swagger's, so every `$ref` resolves inside it (cycles
 * included), and a definition is validated through `<file>#/definitions/<name>`.
 */
export const repositoryRoot = resolve(import.meta.dirname, '../..');
export const tmfDirectory = resolve(repositoryRoot, 'specs/tmf');

export interface TmfValidation {
  valid: boolean;
  errors: string[];
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
ajvFormats.default(ajv);
// Swagger 2 numeric formats, unknown to JSON Schema: accept any number of the right type.
for (const format of ['float', 'double']) ajv.addFormat(format, { type: 'number', validate: () => true });
ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && Math.abs(value) <= 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
// TMF635 alone declares `href` (and `@schemaLocation`) with format "uri", which JSON Schema reads as
// an absolute URI. This API answers relative hrefs in every resource (docs/api.md): URI references,
// resolved against the API's base. So "uri" is checked as an RFC 3986 URI reference.
const uriReference = ajv.formats['uri-reference'];
if (uriReference === undefined) throw new Error('ajv-formats no longer provides uri-reference');
ajv.addFormat('uri', uriReference);

const loadedFiles = new Set<string>();
const validators = new Map<string, ValidateFunction>();

function definitionsOf(file: string): Record<string, unknown> {
  const path = resolve(tmfDirectory, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: the TM Forum specifications are kept in specs/tmf/ (see its README.md)`);
  const swagger = JSON.parse(readFileSync(path, 'utf8')) as { swagger?: string; definitions?: Record<string, unknown> };
  if (swagger.swagger !== '2.0' || !swagger.definitions) throw new Error(`${file} is not a swagger 2.0 file with definitions`);
  return swagger.definitions;
}

function validatorFor(file: string, definition: string): ValidateFunction {
  const cacheKey = `${file}#${definition}`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const schemaId = `tmf:${file}`;
  if (!loadedFiles.has(file)) {
    ajv.addSchema({ $id: schemaId, definitions: definitionsOf(file) });
    loadedFiles.add(file);
  }
  const root = ajv.getSchema(schemaId)?.schema as { definitions: Record<string, unknown> };
  if (!(definition in root.definitions)) throw new Error(`${file} has no definition ${definition}`);
  const validate = ajv.compile({ $ref: `${schemaId}#/definitions/${definition}` });
  validators.set(cacheKey, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/** Validates `value` against `definition` of the TMF swagger `file`, e.g. ('TMF629-Customer-v4.0.0.swagger.json', 'Customer'). */
export function validateTmf(file: string, definition: string, value: unknown): TmfValidation {
  const validate = validatorFor(file, definition);
  const valid = validate(value) as boolean;
  return { valid, errors: valid ? [] : (validate.errors ?? []).map(describe) };
}

/** Throws, listing every violation, when `value` does not validate against the TMF definition. */
export function expectValidTmf(file: string, definition: string, value: unknown): void {
  const { valid, errors } = validateTmf(file, definition, value);
  if (!valid) {
    throw new Error(`not a valid TMF ${definition} (${file}):\n  ${errors.join('\n  ')}\nvalue: ${JSON.stringify(value, null, 2)}`);
  }
}

export const tmf629 = 'TMF629-Customer-v4.0.0.swagger.json';
export const tmf666 = 'TMF666-Account-v4.0.0.swagger.json';
export const tmf620 = 'TMF620-ProductCatalog-v4.0.0.swagger.json';
export const tmf621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';
export const tmf622 = 'TMF622-ProductOrder-v4.0.0.swagger.json';
export const tmf637 = 'TMF637-ProductInventory-v4.0.0.swagger.json';
export const tmf676 = 'TMF676-Payment-v4.0.0.swagger.json';
export const tmf635 = 'TMF635-UsageManagement-v4.0.0.swagger.json';
export const tmf678 = 'TMF678-CustomerBill-v4.0.0.swagger.json';
export const tmf681 = 'TMF681-Communication-v4.0.0.swagger.json';
