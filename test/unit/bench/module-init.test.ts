import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureModuleInit, sdkClientsImportedBy } from '../../../bench/module-init.js';
import { repositoryRoot } from '../../../infra/lambda-bundling.js';
import { evaluateModuleInitTarget, initOverFloor } from '../../../bench/targets.js';

/** One round of the init bench over a bundle of the code given, written beside the repository's node_modules, where the probes resolve the SDK from. */
async function measuredFixture(code: string, externals: string[]) {
  mkdirSync(join(repositoryRoot, 'bench/.work'), { recursive: true });
  const folder = mkdtempSync(join(repositoryRoot, 'bench/.work/init-probe-'));
  try {
    const bundle = join(folder, 'index.mjs');
    writeFileSync(bundle, code);
    return await measureModuleInit('probe-fixture', bundle, externals, 1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('the init bench', () => {
  it('reads the SDK client classes a minified bundle imports, once each, and nothing else of the SDK', () => {
    const bundle =
      'import{GetCommand as Th,TransactWriteCommand as Mv}from"@aws-sdk/lib-dynamodb";import{DynamoDBClient as zh}from"@aws-sdk/client-dynamodb";' +
      'import{DynamoDBDocumentClient as kh}from"@aws-sdk/lib-dynamodb";import{DynamoDBClient as q}from"@aws-sdk/client-dynamodb";' +
      "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';import{Client as X}from\"node:x\";";
    expect(sdkClientsImportedBy(bundle)).toEqual([
      { module: '@aws-sdk/client-dynamodb', name: 'DynamoDBClient' },
      { module: '@aws-sdk/lib-dynamodb', name: 'DynamoDBDocumentClient' },
      { module: '@aws-sdk/client-eventbridge', name: 'EventBridgeClient' },
    ]);
  });

  it("judges a function by its rounds' ratios when it has them, else by its median over its floor, or the run's lowest floor without one", () => {
    const inits = [
      // Its median (150) over the floor's median (120) is 1.25, but round by round it is 1.1: the slow rounds were slow for both.
      { function: 'paired', medianMs: 150, externalsFloorMs: 120, overFloorMedian: 1.1 },
      { function: 'unpaired', medianMs: 130, externalsFloorMs: 100 },
      { function: 'no-externals', medianMs: 2, externalsFloorMs: 0 },
    ];
    expect(initOverFloor(inits)).toEqual([
      { function: 'paired', value: 1.1 },
      { function: 'unpaired', value: 1.3 },
      { function: 'no-externals', value: 0.02 },
    ]);
    const target = evaluateModuleInitTarget(inits);
    expect(target.pass).toBe(false);
    expect(target.failing).toEqual([{ function: 'unpaired', value: 1.3 }]);
  });

  it('times the floor and then the bundle in one process, and judges their sum over the floor', async () => {
    // A table client, as every function that uses the table builds at init, and a few milliseconds of work of its own.
    const init = await measuredFixture(
      "import{DynamoDBClient as d}from'@aws-sdk/client-dynamodb';const c=new d({});let x=0;for(let i=0;i<5e6;i++)x=(x+i)%7;export const handler=async()=>({statusCode:200,x});",
      ['@aws-sdk/client-dynamodb'],
    );
    expect(init.runsMs).toHaveLength(1);
    expect(init.externalsFloorMs).toBeGreaterThan(0);
    // Its client's rebuild after the floor's is taken off its share; the loop is left.
    expect(init.ownShareMedianMs).toBeGreaterThan(0);
    expect(init.overFloorMedian).toBeCloseTo((init.externalsFloorMs + init.ownShareMedianMs!) / init.externalsFloorMs, 10);
    expect(init.sdkClientsBuiltAtInit).toEqual(['DynamoDBClient']);
  }, 60_000);

  it('leaves out of the floor an SDK client the bundle builds only with its first use', async () => {
    // As the simulated provisioning system builds its SFN client.
    const init = await measuredFixture(
      "import{DynamoDBClient as d}from'@aws-sdk/client-dynamodb';import{SFNClient as s}from'@aws-sdk/client-sfn';const c=new d({});let f;export const handler=async()=>{f??=new s({});return{statusCode:200}};",
      ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn'],
    );
    expect(init.sdkClientsBuiltAtInit).toEqual(['DynamoDBClient']);
  }, 60_000);
});
