import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../infra/lambda-bundling.js';
import * as topology from '../../infra/topology.js';
import { synthesizeBssStack } from './synth.js';
import { derivedWritePrefixes, exportSource, modulesReachedFrom, readOnlyExports, tableWriteMarker, writePrefixesByModule } from './table-write-prefixes.js';

/**
 * Item 8 of #19: every table write is confined to the partition-key prefixes its function
 * writes. The local runtime does not enforce IAM, so a prefix missing from the topology would
 * only show in production as AccessDenied: these tests stand in for it.
 */
const writesTable = (definition: topology.FunctionDefinition): boolean =>
  definition.permissions.some((permission) => permission.resource === 'table' && permission.actions.some((action) => topology.tableWriteActions.includes(action)));

const source = (path: string): string => readFileSync(resolve(repositoryRoot, path), 'utf8');

describe('declared write prefixes', () => {
  it.each(topology.functions.filter(writesTable).map((definition) => [definition.name, definition] as const))(
    '%s declares exactly the prefixes its store modules can write',
    (_name, definition) => {
      // Both ways: a prefix missing breaks a production write; one too many is a grant nothing uses.
      expect(topology.writtenKeyPrefixes(definition)).toEqual(derivedWritePrefixes(definition.entry).map((prefix) => `${prefix}*`));
    },
  );

  it('names prefixes only where a table permission writes, and every writing table permission names some', () => {
    for (const definition of topology.functions) {
      for (const permission of definition.permissions) {
        if (permission.resource !== 'table') continue;
        const writes = permission.actions.some((action) => topology.tableWriteActions.includes(action));
        const keys = 'keys' in permission ? (permission.keys ?? []) : [];
        expect(keys.length > 0, `${definition.name}: ${permission.actions.join(', ')}`).toBe(writes);
      }
    }
  });

  it('every module a function reaches that writes to the table is in the table of write prefixes (writingModulesAreMapped)', () => {
    const reached = new Set(topology.functions.flatMap((definition) => [...modulesReachedFrom(definition.entry).keys()]));
    const unmapped = [...reached].filter((path) => !(path in writePrefixesByModule) && tableWriteMarker.test(source(path)));
    expect(unmapped).toEqual([]);
  });

  it('read-only exports hold no write of their own', () => {
    for (const [path, names] of Object.entries(readOnlyExports)) {
      for (const name of names) {
        const code = exportSource(path, name);
        expect(code, `${path} exports ${name}`).toBeDefined();
        expect(tableWriteMarker.test(code!), `${path}: ${name} writes`).toBe(false);
      }
    }
  });
});

describe('synthesized table writes', () => {
  const { json } = synthesizeBssStack();
  const tableIds = Object.entries(json.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([id]) => id);
  const writeActions = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*|Put\*|Update\*|Delete\*|BatchWrite\*)$/;
  const asList = <T,>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const policyDocuments = Object.entries(json.Resources).flatMap(([id, resource]) => {
    if (resource.Type === 'AWS::IAM::Role') return asList(resource.Properties?.Policies as { PolicyDocument: { Statement: any[] } }[]).map((policy) => [id, policy.PolicyDocument] as const);
    if (resource.Type === 'AWS::IAM::Policy') return [[id, resource.Properties?.PolicyDocument as { Statement: any[] }] as const];
    return [];
  });
  const tableWrites = policyDocuments.flatMap(([id, document]) =>
    asList(document.Statement)
      .filter((statement) => statement.Effect === 'Allow' && asList<string>(statement.Action).some((action) => writeActions.test(action)))
      .filter((statement) => JSON.stringify(statement.Resource).match(new RegExp(tableIds.map((table) => `"${table}"`).join('|'))) || statement.Resource === '*')
      .map((statement) => [id, statement] as const),
  );

  it('has table writes to check', () => {
    expect(tableWrites.length).toBeGreaterThanOrEqual(topology.functions.filter(writesTable).length);
  });

  it('every statement that writes to the table carries a dynamodb:LeadingKeys condition on named prefixes', () => {
    for (const [id, statement] of tableWrites) {
      const leadingKeys = asList<string>(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']);
      expect(leadingKeys.length, `${id} ${statement.Sid}`).toBeGreaterThan(0);
      for (const key of leadingKeys) expect(key, `${id} ${statement.Sid}`).toMatch(/^[A-Z_]+#\*$/);
      expect(asList(statement.Resource).every((resource) => resource !== '*'), `${id} ${statement.Sid}`).toBe(true);
    }
  });
});
