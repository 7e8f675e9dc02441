import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserScopes } from '../../infra/aws/auth.js';
import { appPagesFunctionCode, WebHosting } from '../../infra/aws/web-hosting.js';
import { contentSecurityPolicy, pageSecurityHeaders } from '../../infra/local/page-security-headers.js';
import * as topology from '../../infra/topology.js';
import { cognitoScopes } from '../../web/shared/auth/identity-provider.js';
import { callbackPath } from '../../web/shared/auth/local-issuer.js';
import { parseWebConfig } from '../../web/shared/auth/web-config.js';
import { synthesizeBssStack, type CfnResource, type CfnTemplate, type SynthesizedBss } from './synth.js';

/**
 * The web apps on AWS (infra/aws/web-hosting.ts, docs/web.md "On AWS"): the private bucket
 * behind CloudFront with origin access control, the page headers of the local runtime plus
 * HSTS, the viewer-request function, the deployments and each app's config.json, and the
 * Cognito managed login the apps sign in at.
 */
let bss: SynthesizedBss;
let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  bss = synthesizeBssStack();
  ({ template, json } = bss);
}, 300_000);

const resourcesOfType = (type: string): [string, CfnResource][] => Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
const only = (type: string, where: (resource: CfnResource, logicalId: string) => boolean = () => true): [string, CfnResource] => {
  const found = resourcesOfType(type).filter(([logicalId, resource]) => where(resource, logicalId));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const appsBucketId = () => only('AWS::S3::Bucket', (_bucket, logicalId) => logicalId.startsWith('WebApps'))[0];
const distribution = () => only('AWS::CloudFront::Distribution');
const logicalIdOf = (prefix: string) => Object.keys(json.Resources).find((logicalId) => logicalId.startsWith(prefix))!;

/** The first group of the stack id's UUID (arn:…:stack/<name>/<uuid>). */
const stackIdFragment = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };

/** A CloudFormation string (a literal or an Fn::Join of Refs and GetAtts) as text, each reference as `{Name}` or `{Name.Attribute}`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(text).join(separator);
  }
  if ('Ref' in object) return `{${String(object.Ref)}}`;
  if ('Fn::GetAtt' in object) return `{${(object['Fn::GetAtt'] as string[]).join('.')}}`;
  if (JSON.stringify(object) === JSON.stringify(stackIdFragment)) return '{stack id fragment}';
  throw new Error(`not a string: ${JSON.stringify(value)}`);
}

const apiOrigin = () => `https://{${logicalIdOf('HttpApi')}}.execute-api.{AWS::Region}.{AWS::URLSuffix}`;
const appsOrigin = () => `https://{${distribution()[0]}.DomainName}`;
const managedLogin = (pool: 'UserPool' | 'StaffPool') => `https://{${logicalIdOf(`Auth${pool}ManagedLogin`)}}.auth.{AWS::Region}.amazoncognito.com`;
const browserClient = (name: 'PortalClient' | 'AgentClient') => only('AWS::Cognito::UserPoolClient', (_client, logicalId) => logicalId.includes(name));

describe('the web apps’ bucket', () => {
  it('is private: every public access blocked, encrypted, TLS only, access logged', () => {
    expect(json.Resources[appsBucketId()]).toMatchObject({
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'apps-bucket/' },
      },
    });
    expect(json.Resources[appsBucketId()]!.Properties?.WebsiteConfiguration).toBeUndefined();
  });

  it('lets only this distribution read its objects (origin access control), and nobody list or write them through it', () => {
    const [, policy] = only('AWS::S3::BucketPolicy', (resource) => JSON.stringify(resource.Properties?.Bucket) === JSON.stringify({ Ref: appsBucketId() }));
    const statements = policy.Properties?.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[];
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: expect.anything(),
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([{ Ref: distribution()[0] }])]) }) } },
      },
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('the distribution', () => {
  it('reads the bucket through an origin access control, not an origin access identity', () => {
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties?.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [origin] = distribution()[1].Properties?.DistributionConfig.Origins as Record<string, unknown>[];
    expect(origin).toMatchObject({ DomainName: { 'Fn::GetAtt': [appsBucketId(), 'RegionalDomainName'] }, OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } });
  });

  it('answers over HTTPS only, GET and HEAD, with the page headers and the pages function, and logs its requests', () => {
    const config = distribution()[1].Properties?.DistributionConfig;
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
      ResponseHeadersPolicyId: { Ref: only('AWS::CloudFront::ResponseHeadersPolicy')[0] },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [only('AWS::CloudFront::Function')[0], 'FunctionARN'] } }],
    });
    // No error-page rewriting: a real 403 or 404 stays one.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^WebAccessLogs/), 'RegionalDomainName'] } });
  });

  it('sends the local runtime’s Content-Security-Policy, which lets the pages call the API and the two managed-login domains, and nothing else', () => {
    const headers = only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(text(headers.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(contentSecurityPolicy([apiOrigin(), managedLogin('UserPool'), managedLogin('StaffPool')]));
    // The same policy as locally, but for connect-src.
    const withoutConnect = (csp: string) => csp.split('; ').filter((directive) => !directive.startsWith('connect-src'));
    expect(withoutConnect(text(headers.ContentSecurityPolicy.ContentSecurityPolicy))).toEqual(withoutConnect(pageSecurityHeaders['content-security-policy']));
    expect(pageSecurityHeaders['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('sends HSTS for two years with subdomains and preload, nosniff, no referrer and no framing, as the local pages do', () => {
    const headers = only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: pageSecurityHeaders['referrer-policy'], Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: pageSecurityHeaders['x-frame-options'], Override: true });
  });
});

describe('the pages function', () => {
  type Request = { uri: string };
  const handler = new Function(`${appPagesFunctionCode()}\nreturn handler;`)() as (event: { request: Request }) => Request | { statusCode: number; headers: { location: { value: string } } };
  const answer = (uri: string) => handler({ request: { uri } });

  it('is the code the distribution runs, on the cloudfront-js-2.0 runtime', () => {
    expect(only('AWS::CloudFront::Function')[1].Properties).toMatchObject({ FunctionCode: appPagesFunctionCode(), FunctionConfig: { Runtime: 'cloudfront-js-2.0' }, AutoPublish: true });
  });

  it.each([
    ['/portal/', '/portal/index.html'],
    ['/portal/bills/B-2027-000123', '/portal/index.html'],
    ['/portal/callback', '/portal/index.html'],
    ['/agent/customers/3f6e', '/agent/index.html'],
  ])('answers the page %s with its app’s index.html', (uri, origin) => {
    expect(answer(uri)).toEqual({ uri: origin });
  });

  it.each(['/portal/assets/main-ABC123.js', '/portal/config.json', '/agent/assets/main-XYZ.css', '/favicon.ico', '/elsewhere/page'])('fetches %s as it is: a file, or nothing of the apps', (uri) => {
    expect(answer(uri)).toEqual({ uri });
  });

  it('redirects the root to the portal, and an app’s bare path to the app', () => {
    expect(answer('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/portal/' } } });
    expect(answer('/agent')).toMatchObject({ statusCode: 301, headers: { location: { value: '/agent/' } } });
  });
});

describe('the deployment of the apps', () => {
  const deployments = () => resourcesOfType('Custom::CDKBucketDeployment');
  const deployment = (prefix: string) => deployments().find(([logicalId]) => logicalId.startsWith(prefix))!;

  it('puts the hashed assets first (cached for a year, never pruned), then the pages and their config.json (revalidated at every load)', () => {
    expect(deployments()).toHaveLength(2);
    const [, assets] = deployment('WebDeployAssets');
    const [, pages] = deployment('WebDeployPages');
    expect(assets.Properties).toMatchObject({ DestinationBucketName: { Ref: appsBucketId() }, Prune: false, Exclude: ['*/index.html'], SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    expect(pages.Properties).toMatchObject({ DestinationBucketName: { Ref: appsBucketId() }, Prune: false, Exclude: ['*'], Include: ['*/index.html', '*/config.json'], SystemMetadata: { 'cache-control': 'no-cache' } });
    expect(pages.DependsOn).toEqual(expect.arrayContaining([deployment('WebDeployAssets')[0]]));
  });

  /** Each app's config.json as the pages deployment writes it: the staged file, its markers replaced by what they stand for. */
  function deployedConfig(app: 'portal' | 'agent'): Record<string, any> {
    const [, pages] = deployment('WebDeployPages');
    const keys = pages.Properties?.SourceObjectKeys as string[];
    const markers = pages.Properties?.SourceMarkers as Record<string, unknown>[];
    const index = keys.findIndex((key) => existsSync(join(bss.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, app, 'config.json')));
    expect(index, `${app}/config.json among the sources`).toBeGreaterThanOrEqual(0);
    let content = readFileSync(join(bss.app.outdir, `asset.${keys[index]!.replace(/\.zip$/, '')}`, app, 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(markers[index]!)) content = content.replaceAll(marker, text(value));
    return JSON.parse(content) as Record<string, any>;
  }

  it.each([
    ['portal', 'UserPool', 'PortalClient'],
    ['agent', 'StaffPool', 'AgentClient'],
  ] as const)('writes %s/config.json: the API with its stage, and the %s’s managed login with the app’s own client and URLs', (app, pool, client) => {
    expect(deployedConfig(app)).toEqual({
      apiBaseUrl: `${apiOrigin()}/dev`,
      auth: {
        kind: 'cognito',
        domain: managedLogin(pool),
        clientId: `{${browserClient(client)[0]}}`,
        redirectUri: `${appsOrigin()}${callbackPath(app)}`,
        logoutUri: `${appsOrigin()}/${app}/`,
      },
    });
  });

  it('writes a config.json the apps accept, once deployed values stand for the references', () => {
    const deployed = JSON.stringify(deployedConfig('portal'))
      .replaceAll(`{${logicalIdOf('HttpApi')}}`, 'a1b2c3d4e5')
      .replaceAll('{AWS::Region}', 'eu-west-3')
      .replaceAll('{AWS::URLSuffix}', 'amazonaws.com')
      .replaceAll(`{${logicalIdOf('AuthUserPoolManagedLogin')}}`, 'bss-dev-1a2b3c4d')
      .replaceAll(`{${browserClient('PortalClient')[0]}}`, '5hv0example1234567890abcd')
      .replaceAll(`{${distribution()[0]}.DomainName}`, 'd111111abcdef8.cloudfront.net');
    expect(parseWebConfig(JSON.parse(deployed))).toEqual({
      apiBaseUrl: 'https://a1b2c3d4e5.execute-api.eu-west-3.amazonaws.com/dev',
      auth: {
        kind: 'cognito',
        domain: 'https://bss-dev-1a2b3c4d.auth.eu-west-3.amazoncognito.com',
        clientId: '5hv0example1234567890abcd',
        redirectUri: 'https://d111111abcdef8.cloudfront.net/portal/callback',
        logoutUri: 'https://d111111abcdef8.cloudfront.net/portal/',
      },
    });
  });

  it('builds the apps at synthesis, as `npm run web:build` does, into the asset it deploys', () => {
    // A stack of its own, bundled (the shared synthesis skips bundling, as for the functions).
    const app = new App();
    const stack = new Stack(app, 'WebOnly');
    const web = new WebHosting(stack, 'Web', { logRetention: logs.RetentionDays.ONE_DAY });
    web.deployApps({
      apiOrigin: 'https://api.example.com',
      apiBaseUrl: 'https://api.example.com/test',
      signIn: { portal: { domainUrl: 'https://users.example.com', clientId: 'portal1' }, agent: { domainUrl: 'https://staff.example.com', clientId: 'agent1' } },
    });
    const assembly = app.synth();
    const [, assets] = Object.entries(assembly.getStackByName('WebOnly').template.Resources as Record<string, CfnResource>).find(([logicalId]) => logicalId.startsWith('WebDeployAssets') && logicalId.includes('CustomResource'))!;
    const directory = join(assembly.directory, `asset.${(assets.Properties?.SourceObjectKeys as string[])[0]!.replace(/\.zip$/, '')}`);
    for (const name of ['portal', 'agent']) {
      const index = readFileSync(join(directory, name, 'index.html'), 'utf8');
      const script = new RegExp(`<script type="module" src="/${name}/(assets/main-\\w+\\.js)"></script>`).exec(index)?.[1];
      expect(script, `${name}'s index.html`).toBeDefined();
      expect(readFileSync(join(directory, name, script!), 'utf8').length).toBeGreaterThan(1000);
      // config.json is the stack's, never the build's.
      expect(readdirSync(join(directory, name))).not.toContain('config.json');
    }
  }, 120_000);
});

describe('sign-in at Cognito’s managed login', () => {
  it('has a managed-login domain on each pool, the staff pool’s named apart', () => {
    const domains = resourcesOfType('AWS::Cognito::UserPoolDomain');
    expect(domains.map(([, domain]) => [domain.Properties?.UserPoolId, domain.Properties?.ManagedLoginVersion])).toEqual(
      expect.arrayContaining([
        [{ Ref: logicalIdOf('AuthUserPool') }, 2],
        [{ Ref: logicalIdOf('AuthStaffPool') }, 2],
      ]),
    );
    // Unique per deployment (Cognito domains are global per region), and known only at deployment.
    expect(domains.map(([, domain]) => text(domain.Properties?.Domain)).sort()).toEqual(['bss-dev-{stack id fragment}', 'bss-dev-{stack id fragment}-staff']);
  });

  it.each([
    ['PortalClient', 'AuthUserPool', 'portal'],
    ['AgentClient', 'AuthStaffPool', 'agent'],
  ] as const)('gives the %s a public client of its pool: code grant only, PKCE from the app, the scopes the API needs, its own URLs', (client, pool, app) => {
    const [logicalId, resource] = browserClient(client);
    expect(resource.Properties).toMatchObject({
      UserPoolId: { Ref: logicalIdOf(pool) },
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect((resource.Properties?.CallbackURLs as unknown[]).map(text)).toEqual([`${appsOrigin()}${callbackPath(app)}`]);
    expect((resource.Properties?.LogoutURLs as unknown[]).map(text)).toEqual([`${appsOrigin()}/${app}/`]);
    // Managed login shows a style for the client (Cognito's own), else an error page.
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: logicalId }, UserPoolId: { Ref: logicalIdOf(pool) }, UseCognitoProvidedValues: true });
  });

  it('asks for the scopes the clients allow, and calls back where the apps complete the sign-in', () => {
    expect(browserScopes.map((scope) => scope.scopeName)).toEqual([...cognitoScopes]);
  });

  it('lets a portal token carry custom:customerId (which the API requires of customers), and no user write it', () => {
    const [, portal] = browserClient('PortalClient');
    expect(portal.Properties?.ReadAttributes).toContain('custom:customerId');
    expect(portal.Properties?.WriteAttributes).not.toContain('custom:customerId');
    expect(browserClient('AgentClient')[1].Properties?.ReadAttributes).not.toContain('custom:customerId');
  });

  it('makes the functions accept the browser clients’ tokens (aud), beside the SDK clients’', () => {
    const [, fn] = resourcesOfType('AWS::Lambda::Function').find(([, resource]) => resource.Properties?.Environment?.Variables?.BSS_TOKEN_AUDIENCES)!;
    const audiences = JSON.stringify(fn.Properties?.Environment.Variables.BSS_TOKEN_AUDIENCES);
    for (const client of ['PortalClient', 'AgentClient'] as const) expect(audiences).toContain(JSON.stringify({ Ref: browserClient(client)[0] }));
    expect(audiences).toContain(JSON.stringify({ Ref: logicalIdOf('AuthUserPoolAppClient') }));
    expect(audiences).toContain(JSON.stringify({ Ref: logicalIdOf('AuthStaffPoolStaffClient') }));
  });
});

describe('the API, called from the apps’ origin', () => {
  const preflights = () => resourcesOfType('AWS::ApiGateway::Method').filter(([, method]) => method.Properties?.HttpMethod === 'OPTIONS');

  it('has every function answer the apps’ origin, so a page may read what the function returns', () => {
    const functions = resourcesOfType('AWS::Lambda::Function').filter(([, resource]) => resource.Properties?.Environment?.Variables?.BSS_TOKEN_AUDIENCES);
    expect(functions.length).toBeGreaterThan(100);
    for (const [logicalId, fn] of functions) expect(text(fn.Properties?.Environment.Variables.BSS_CORS_ALLOW_ORIGINS), logicalId).toBe(appsOrigin());
  });

  it('answers CORS preflights on every route’s path, and only there, allowing the apps’ origin', () => {
    expect(preflights()).toHaveLength(new Set(topology.routes.map((route) => route.path)).size);
    for (const [, method] of preflights()) {
      const parameters = (method.Properties?.Integration.IntegrationResponses as { ResponseParameters: Record<string, unknown> }[])[0]!.ResponseParameters;
      expect(text(parameters['method.response.header.Access-Control-Allow-Origin'])).toBe(`'${appsOrigin()}'`);
      expect(parameters['method.response.header.Access-Control-Allow-Headers']).toBe("'Authorization,Content-Type,If-Match,Idempotency-Key,X-Api-Key,X-Correlation-Id'");
    }
  });

  it('names the apps’ origin on the gateway’s own errors, so an expired token’s 401 reaches the app', () => {
    const unauthorized = only('AWS::ApiGateway::GatewayResponse', (response) => response.Properties?.ResponseType === 'UNAUTHORIZED')[1];
    expect(text(unauthorized.Properties?.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin'])).toBe(`'${appsOrigin()}'`);
    template.allResourcesProperties('AWS::ApiGateway::GatewayResponse', { ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Access-Control-Allow-Origin': Match.anyValue() }) });
  });
});

describe('stack outputs', () => {
  it('name the portal’s and the agent desktop’s URLs', () => {
    expect(text(json.Outputs?.PortalUrl?.Value)).toBe(`${appsOrigin()}/portal/`);
    expect(text(json.Outputs?.AgentUrl?.Value)).toBe(`${appsOrigin()}/agent/`);
  });
});
