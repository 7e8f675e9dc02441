import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * The BSS roles; functions/lib/auth/principal.ts reads them from `cognito:groups`. Staff roles
 * live in a pool of their own, which requires MFA; the other pool holds customers and machine
 * clients. A token's issuer says which pool signed it, and principal.ts grants a role only from
 * its own pool's tokens, so a group named like a staff role in the other pool grants nothing.
 */
export const staffGroups = [
  { groupName: 'admin', description: 'Operators with full access', precedence: 0 },
  { groupName: 'agent', description: 'Customer service agents: every customer, no administration, no credit limits, no stock adjustments', precedence: 10 },
  { groupName: 'risk', description: 'Credit/risk officers: read billing accounts and set their credit limits, nothing else', precedence: 12 },
  { groupName: 'warehouse', description: 'Warehouse staff: read and adjust stock levels, nothing else', precedence: 14 },
] as const;
export const userGroups = [
  { groupName: 'customer', description: 'Self-service users: only the customer in custom:customerId', precedence: 20 },
  { groupName: 'mediation', description: 'Usage feeds (machine clients): write and read usage records, nothing else', precedence: 30 },
  // A machine user of this pool like the mediation feeds: the callback is one REST route behind
  // the same Cognito authorizer, which reads groups from ID tokens, so a group (not a resource
  // server scope, which only access tokens carry) is what the functions can check.
  { groupName: 'provisioning', description: 'The provisioning system (machine client): post provisioning results, nothing else', precedence: 40 },
] as const;

/** What the functions check of a token beyond its signature (functions/lib/auth/principal.ts). */
export interface TokenPinning {
  /** The issuer (`iss`) of staff tokens, and of customer and machine tokens. */
  staffIssuer: string;
  userIssuer: string;
  /** The app clients (`aud`) whose ID tokens the API accepts. */
  audiences: string[];
}

export interface AuthProps {
  readonly userPoolName: string;
  /**
   * The prefix of the users pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`);
   * the staff pool's is `<prefix>-staff`. Cognito domains are global per region, so it must be
   * one no other account took.
   */
  readonly domainPrefix: string;
}

/** Which pool a browser app signs its users in to: customers to the users pool, staff to the staff pool. */
export type PoolKind = 'users' | 'staff';

/** A browser app's sign-in: its pool's managed-login domain and its own public app client. */
export interface BrowserSignIn {
  readonly domain: cognito.UserPoolDomain;
  readonly client: cognito.UserPoolClient;
}

/**
 * The scopes a browser client may ask for: `openid` for the ID token (the API's authorizer reads
 * ID tokens), `email` and `profile` for its claims beyond `sub` and `cognito:groups`: the names
 * and, through profile, every attribute the client may read, `custom:customerId` included
 * (web/shared/auth/identity-provider.ts asks for exactly these).
 */
export const browserScopes = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE];

/** What both pools are: operator-created users signing in by e-mail, TOTP as the second factor, threat protection, kept with the stack gone. */
const commonPoolProps = {
  selfSignUpEnabled: false,
  signInAliases: { email: true },
  signInCaseSensitive: false,
  autoVerify: { email: true },
  standardAttributes: { email: { required: true, mutable: true } },
  mfaSecondFactor: { otp: true, sms: false },
  // Plus tier: threat protection blocks compromised credentials and challenges risky sign-ins.
  featurePlan: cognito.FeaturePlan.PLUS,
  standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies Partial<cognito.UserPoolProps>;

const strongPasswords = { requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true } satisfies Partial<cognito.PasswordPolicy>;

const readableStandardAttributes = { email: true, emailVerified: true, givenName: true, familyName: true } satisfies cognito.StandardAttributesMask;

/** What both app clients are: SRP sign-in, no secret, hour-long tokens, users never writing more than their names. */
const commonClientProps = {
  authFlows: { userSrp: true },
  // These clients sign in with SRP from the SDK, never through managed login: the OAuth
  // defaults (implicit grant, placeholder callback URL) would only widen the surface. The
  // browser apps have clients of their own (addBrowserClient).
  disableOAuth: true,
  generateSecret: false,
  preventUserExistenceErrors: true,
  enableTokenRevocation: true,
  idTokenValidity: Duration.hours(1),
  accessTokenValidity: Duration.hours(1),
  // custom:customerId decides which customer's data a token sees: users must never write it
  // themselves (an empty list would mean "all attributes"), only operators through the admin API.
  writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
} satisfies Partial<cognito.UserPoolClientOptions>;

/**
 * Who may call the API: two Cognito user pools whose ID tokens carry `cognito:groups` (role) and,
 * for customers, `custom:customerId` (which customer a customer user is): customers and machine
 * clients in one, staff (admin, agent) in the other, with MFA required. Users are created by
 * operators, never by self sign-up.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly appClient: cognito.UserPoolClient;
  readonly staffPool: cognito.UserPool;
  readonly staffClient: cognito.UserPoolClient;
  /** Each pool's managed login (the hosted UI), where the browser apps sign their users in. */
  readonly userPoolDomain: cognito.UserPoolDomain;
  readonly staffPoolDomain: cognito.UserPoolDomain;
  private readonly browserClients: cognito.UserPoolClient[] = [];

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      ...commonPoolProps,
      userPoolName: props.userPoolName,
      customAttributes: {
        // Mutable so that an operator can link or relink a user to its customer.
        customerId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: { ...strongPasswords, minLength: 12, tempPasswordValidity: Duration.days(3) },
      mfa: cognito.Mfa.OPTIONAL,
    });
    // On the CfnUserPool itself, so the audit trail names only the pool (not its groups and client).
    Validations.of(this.userPool.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'This pool holds customers and machine clients only (staff are in the staff pool, MFA required): MFA is optional (TOTP) for customers signing in from self-service apps; threat protection (FULL_FUNCTION) challenges risky sign-ins with MFA.',
    });
    for (const group of userGroups) {
      this.userPool.addGroup(`${group.groupName}Group`, { ...group });
    }
    this.appClient = this.userPool.addClient('AppClient', {
      ...commonClientProps,
      userPoolClientName: 'bss-app',
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes().withStandardAttributes(readableStandardAttributes).withCustomAttributes('customerId'),
    });

    this.staffPool = new cognito.UserPool(this, 'StaffPool', {
      ...commonPoolProps,
      userPoolName: `${props.userPoolName}-staff`,
      passwordPolicy: { ...strongPasswords, minLength: 14, tempPasswordValidity: Duration.days(1) },
      // Staff reach every customer's data: a second factor always (TOTP, never SMS).
      mfa: cognito.Mfa.REQUIRED,
    });
    for (const group of staffGroups) {
      this.staffPool.addGroup(`${group.groupName}Group`, { ...group });
    }
    this.staffClient = this.staffPool.addClient('StaffClient', {
      ...commonClientProps,
      userPoolClientName: 'bss-staff-app',
      // Staff sign in again, with their second factor, every working day.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes().withStandardAttributes(readableStandardAttributes),
    });

    // Managed login (the newer hosted UI: localized, TOTP set-up included), one domain per pool.
    this.userPoolDomain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.staffPoolDomain = this.staffPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: `${props.domainPrefix}-staff` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
  }

  /**
   * A browser app's public client on a pool's managed login: the authorization code grant only
   * (no implicit grant, so no token ever travels in a URL), the app sends a PKCE S256 challenge
   * with each request (web/shared/auth/sign-in-flow.ts), Cognito's own users only, and the one
   * callback and sign-out address of the app. The ID token lives an hour, as the dev issuer's;
   * the apps keep no refresh token, so its validity is the shortest Cognito allows. Its ID
   * tokens carry `cognito:groups` and, for customers, `custom:customerId`, and the functions
   * accept its audience (tokenPinning).
   */
  addBrowserClient(id: string, pool: PoolKind, urls: { callbackUrl: string; logoutUrl: string }): BrowserSignIn {
    const userPool = pool === 'users' ? this.userPool : this.staffPool;
    const domain = pool === 'users' ? this.userPoolDomain : this.staffPoolDomain;
    const client = userPool.addClient(id, {
      ...commonClientProps,
      userPoolClientName: `bss-${id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
      disableOAuth: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: browserScopes,
        callbackUrls: [urls.callbackUrl],
        logoutUrls: [urls.logoutUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      refreshTokenValidity: Duration.hours(1),
      // Time to finish a sign-in on managed login: a staff user's first one sets a password and a TOTP app.
      authSessionValidity: Duration.minutes(10),
      readAttributes:
        pool === 'users'
          ? new cognito.ClientAttributes().withStandardAttributes(readableStandardAttributes).withCustomAttributes('customerId')
          : new cognito.ClientAttributes().withStandardAttributes(readableStandardAttributes),
    });
    // Managed login shows an error page to a client without a style: Cognito's own, as is.
    new cognito.CfnManagedLoginBranding(this, `${id}Branding`, { userPoolId: userPool.userPoolId, clientId: client.userPoolClientId, useCognitoProvidedValues: true });
    this.browserClients.push(client);
    return { domain, client };
  }

  /** The issuers and app clients the functions accept tokens of. */
  get tokenPinning(): TokenPinning {
    return {
      staffIssuer: this.staffPool.userPoolProviderUrl,
      userIssuer: this.userPool.userPoolProviderUrl,
      audiences: [this.appClient.userPoolClientId, this.staffClient.userPoolClientId, ...this.browserClients.map((client) => client.userPoolClientId)],
    };
  }
}
