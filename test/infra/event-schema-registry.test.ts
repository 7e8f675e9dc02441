import { beforeAll, describe, expect, it } from 'vitest';
import { publishedEventSchemas } from '../../infra/api-reference/event-schemas.js';
import { routes } from '../../infra/topology.js';
import { synthesizeBssStack, type CfnResource, type SynthesizedBss } from './synth.js';

let bss: SynthesizedBss;

beforeAll(() => {
  bss = synthesizeBssStack();
}, 300_000);

const resourcesOf = (type: string): [string, CfnResource][] => Object.entries(bss.json.Resources).filter(([, resource]) => resource.Type === type);

describe('the API reference on AWS', () => {
  it('registers every published event schema in one EventBridge schema registry of the stage, as JSON Schema draft 4', () => {
    const registries = resourcesOf('AWS::EventSchemas::Registry');
    expect(registries).toHaveLength(1);
    const [registryId, registry] = registries[0]!;
    expect(registry.Properties?.RegistryName).toBe('bss-events-dev');
    const schemas = resourcesOf('AWS::EventSchemas::Schema').map(([, resource]) => resource.Properties!);
    const published = publishedEventSchemas();
    expect(schemas.map((schema) => schema.SchemaName).sort()).toEqual(published.map((schema) => schema.name).sort());
    for (const schema of schemas) {
      expect(schema.RegistryName).toEqual({ 'Fn::GetAtt': [registryId, 'RegistryName'] });
      expect(schema.Type).toBe('JSONSchemaDraft4');
      expect(JSON.parse(schema.Content as string)).toEqual(published.find((candidate) => candidate.name === schema.SchemaName)!.schema);
    }
  });

  it('publishes the OpenAPI document and the event schemas as public routes of the REST API, and says where', () => {
    const publicPaths = routes.filter((route) => !route.authorized).map((route) => route.path);
    expect(publicPaths).toEqual(expect.arrayContaining(['/openapi.json', '/events/schemas', '/events/schemas/{name}']));
    expect(Object.keys(bss.json.Outputs ?? {})).toEqual(expect.arrayContaining(['OpenApiDocumentUrl', 'EventSchemaRegistryName']));
  });
});
