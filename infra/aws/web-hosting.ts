import { AssetHashType, type CfnElement, DockerImage, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { accessLogBucket } from './access-log-bucket.js';
import { contentSecurityPolicy, pageSecurityHeaders } from '../local/page-security-headers.js';
import { buildWebAppsSync, filePathPattern, webApps, writeWebApps, type WebAppName } from '../web/web-build.js';
import { repositoryRoot } from './repository.js';

/**
 * The config.json each app reads beside its index.html at start (web/shared/auth/web-config.ts):
 * where the API is, and the Cognito managed login it signs its users in at.
 */
export interface WebAppConfig {
  apiBaseUrl: string;
  auth: { kind: 'cognito'; domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

/** What one app connects to on AWS: its user pool's managed login (base URL) and its public client. */
export interface WebAppSignIn {
  readonly domainUrl: string;
  readonly clientId: string;
}

export interface WebAppsDeployment {
  /** The API's origin (`https://<id>.execute-api.<region>.amazonaws.com`), for the CSP. */
  readonly apiOrigin: string;
  /** The API's base URL, its stage included, without a trailing slash. */
  readonly apiBaseUrl: string;
  readonly signIn: Record<WebAppName, WebAppSignIn>;
}

export interface WebHostingProps {
  /** The deployment provider's logs (it runs while CloudFormation deploys). */
  readonly logRetention: logs.RetentionDays;
  /** Encrypts them (production stages); absent: CloudWatch Logs' own encryption. */
  readonly logEncryptionKey?: kms.IKey;
}

/** Two years, includeSubDomains, preload: what the HSTS preload list asks of a site. */
export const strictTransportSecurity = { maxAge: Duration.days(730), includeSubdomains: true, preload: true } as const;

/** Hashed assets never change under their name; index.html and config.json are revalidated at every load. */
const immutable = [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(365)), s3deploy.CacheControl.immutable()];
const revalidated = [s3deploy.CacheControl.noCache()];

/**
 * The portal and the agent desktop on AWS (docs/web.md, "On AWS"): a private bucket that only
 * this distribution reads (origin access control, every public access blocked, TLS only),
 * CloudFront in front with the page headers the local runtime sends (one source,
 * infra/local/page-security-headers.ts) plus HSTS, and a viewer-request function that answers
 * each app's pages with its index.html, as the local runtime does. The apps are built at
 * synthesis by the same esbuild build as `npm run web:build` and deployed with the stack, each
 * beside a config.json naming the API and its sign-in.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution domain>`, the apps' origin, for CORS and the Cognito clients. */
  readonly origin: string;
  /** The origins the pages may call besides their own, filled in by deployApps. */
  private readonly connectSources: string[] = [];

  private readonly props: WebHostingProps;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.props = props;
    const accessLogs = accessLogBucket(this, 'the web apps (their bucket and their distribution)');

    this.bucket = new s3.Bucket(this, 'Apps', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'apps-bucket/',
      // The build can be made again from any commit; retained so that a stack deletion never
      // fails on a bucket that still holds objects.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: 'BSS web apps: the page headers of infra/local/page-security-headers.ts, and HSTS',
      securityHeadersBehavior: {
        // Resolved at synthesis, once deployApps has named the API and the sign-in domains.
        contentSecurityPolicy: { contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.connectSources) }), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: headerValue(cloudfront.HeadersFrameOption, pageSecurityHeaders['x-frame-options']), override: true },
        referrerPolicy: { referrerPolicy: headerValue(cloudfront.HeadersReferrerPolicy, pageSecurityHeaders['referrer-policy']), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: strictTransportSecurity.maxAge,
          includeSubdomains: strictTransportSecurity.includeSubdomains,
          preload: strictTransportSecurity.preload,
          override: true,
        },
      },
    });

    const pages = new cloudfront.Function(this, 'AppPages', {
      comment: 'Answers each web app page with its index.html; redirects / and the bare app paths',
      code: cloudfront.FunctionCode.fromInline(appPagesFunctionCode()),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'BSS web apps: the customer portal and the agent desktop',
      defaultBehavior: {
        // Read only (s3:GetObject, for this distribution alone): without the list permission a
        // missing file is S3's 403, where the local runtime answers 404; either is plain.
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // Honours the objects' Cache-Control (assets a year, pages revalidated), compressed.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ function: pages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'distribution/',
    });
    const distribution = this.distribution.node.defaultChild!;
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The apps are for customers and staff wherever they are; the static files name no customer, and the API behind them decides who sees what.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A web ACL for CloudFront must live in us-east-1 and this stack deploys to any region; the distribution serves public static files only, and the API the apps call has its own regional web ACL.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution has no custom domain yet, so it answers on its cloudfront.net name with the default certificate, whose minimum protocol CloudFront sets; a custom domain with an ACM certificate would allow TLSv1.2_2021.',
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /** An app's entry page, its sign-in callback and where sign-out comes back. */
  appUrls(app: WebAppName): { home: string; callback: string; signedOut: string } {
    return { home: `${this.origin}/${app}/`, callback: `${this.origin}/${app}/callback`, signedOut: `${this.origin}/${app}/` };
  }

  /**
   * Builds the apps (as `npm run web:build` does, at synthesis, like the functions' bundles),
   * deploys them with the stack, writes each app's config.json, and lets the pages call the
   * API and the Cognito domains (the CSP's connect-src).
   */
  deployApps(deployment: WebAppsDeployment): { configs: Record<WebAppName, WebAppConfig> } {
    this.connectSources.push(deployment.apiOrigin, ...new Set(webApps.map((app) => deployment.signIn[app].domainUrl)));
    const built = s3deploy.Source.asset(repositoryRoot, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Required by the type, never pulled: the local build always runs (esbuild is a
        // dependency of the synthesis itself) and throws on failure rather than fall back.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
        local: {
          tryBundle(outputDirectory) {
            writeWebApps(buildWebAppsSync(repositoryRoot), outputDirectory);
            return true;
          },
        },
      },
    });

    // One log group for the provider function both deployments share.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: this.props.logRetention,
      ...(this.props.logEncryptionKey ? { encryptionKey: this.props.logEncryptionKey } : {}),
    });
    // The hashed assets first, never pruned: a page loaded before this deployment still finds
    // the files it names.
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [built],
      destinationBucket: this.bucket,
      logGroup,
      exclude: ['*/index.html'],
      prune: false,
      cacheControl: immutable,
    });

    const configs = Object.fromEntries(
      webApps.map((app): [WebAppName, WebAppConfig] => [
        app,
        {
          apiBaseUrl: deployment.apiBaseUrl,
          auth: { kind: 'cognito', domain: deployment.signIn[app].domainUrl, clientId: deployment.signIn[app].clientId, redirectUri: this.appUrls(app).callback, logoutUri: this.appUrls(app).signedOut },
        },
      ]),
    ) as Record<WebAppName, WebAppConfig>;
    // Then the pages that name them, and beside each its config.json, revalidated at every load.
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      sources: [built, ...webApps.map((app) => s3deploy.Source.jsonData(`${app}/config.json`, configs[app]))],
      destinationBucket: this.bucket,
      logGroup,
      exclude: ['*'],
      include: ['*/index.html', '*/config.json'],
      prune: false,
      cacheControl: revalidated,
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentProvider(pages, this.bucket);
    return { configs };
  }
}

/**
 * What cdk-nag finds in aws-s3-deployment's provider (one Lambda function per stack, shared by
 * both deployments, run by CloudFormation at deployment only): its role and runtime are
 * aws-cdk-lib's, and its grants are the bucket grants of aws-s3-deployment, reading the
 * deployment's zipped sources from the CDK asset bucket and writing the web apps' bucket.
 */
function acknowledgeDeploymentProvider(deployment: s3deploy.BucketDeployment, bucket: s3.Bucket): void {
  const role = deployment.handlerRole;
  const provider = role.node.scope!;
  const policy = role.node.findChild('DefaultPolicy');
  const objectsReason =
    'aws-s3-deployment grants its provider read on the objects of the CDK asset bucket (the zipped sources of this deployment, which it fetches by key) and read-write on the objects of the web apps\' bucket, which it fills; the actions are those of the bucket grants it makes, on these two buckets only.';
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The role aws-s3-deployment gives its provider function: the managed basic execution policy lets it write its own logs, nothing else.',
  });
  Validations.of(policy).acknowledge(
    ...['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*'].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: objectsReason })),
    { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: objectsReason },
    { id: `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/*]`, reason: objectsReason },
  );
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The runtime of the aws-s3-deployment provider (Python, with the AWS CLI layer) is chosen by aws-cdk-lib and moves with it; the function runs only while CloudFormation deploys, never on a request.',
  });
}

/** A header value the local runtime sends, as the CloudFront enum member of the same value. */
function headerValue<T extends string>(values: Record<string, T>, value: string): T {
  const member = Object.values(values).find((each) => each === value);
  if (!member) throw new Error(`CloudFront cannot send the page header value ${value}`);
  return member;
}

/**
 * The viewer-request function (cloudfront-js-2.0): `/` goes to the portal (for now: 302),
 * `/portal` to `/portal/` (301, as the local runtime answers); under an app, a path naming no file (no extension: `/portal/bills/B-1`, the
 * sign-in callback) is the app's index.html, since the app routes in the browser, and a file
 * (an asset, config.json) is fetched as it is, so a missing one is a plain error. Error-page
 * rewriting instead would answer every real 403 and 404 with a page too.
 */
export function appPagesFunctionCode(): string {
  const apps = webApps.join('|');
  return [
    'function handler(event) {',
    '  var request = event.request;',
    "  if (request.uri === '/') return redirect('/portal/', false);",
    `  var app = /^\\/(${apps})(\\/.*)?$/.exec(request.uri);`,
    '  if (!app) return request;',
    "  if (app[2] === undefined) return redirect('/' + app[1] + '/', true);",
    `  if (!/${filePathPattern.source}/.test(request.uri)) request.uri = '/' + app[1] + '/index.html';`,
    '  return request;',
    '}',
    'function redirect(location, permanent) {',
    "  return { statusCode: permanent ? 301 : 302, statusDescription: permanent ? 'Moved Permanently' : 'Found', headers: { location: { value: location } } };",
    '}',
  ].join('\n');
}
