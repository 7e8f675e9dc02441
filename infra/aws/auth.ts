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
}

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
  // Apps sign in with SRP; without a hosted UI domain the OAuth defaults (implicit grant,
  // placeholder callback URL) would only widen the surface.
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
  }

  /** The issuers and app clients the functions accept tokens of. */
  get tokenPinning(): TokenPinning {
    return { staffIssuer: this.staffPool.userPoolProviderUrl, userIssuer: this.userPool.userPoolProviderUrl, audiences: [this.appClient.userPoolClientId, this.staffClient.userPoolClientId] };
  }
}
