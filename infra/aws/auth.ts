import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The BSS roles; functions/lib/auth/principal.ts reads them from `cognito:groups`. */
export const userGroups = [
  { groupName: 'admin', description: 'Operators with full access', precedence: 0 },
  { groupName: 'agent', description: 'Customer service agents: every customer, no administration', precedence: 10 },
  { groupName: 'customer', description: 'Self-service users: only the customer in custom:customerId', precedence: 20 },
  { groupName: 'mediation', description: 'Usage feeds (machine clients): write and read usage records, nothing else', precedence: 30 },
] as const;

export interface AuthProps {
  readonly userPoolName: string;
}

/**
 * Who may call the API: a Cognito user pool whose ID tokens carry `cognito:groups` (role) and
 * `custom:customerId` (which customer a customer user is). Users are created by operators,
 * never by self sign-up.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly appClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: props.userPoolName,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Mutable so that an operator can link or relink a user to its customer.
        customerId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier: threat protection blocks compromised credentials and challenges risky sign-ins.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // On the CfnUserPool itself, so the audit trail names only the pool (not its groups and client).
    Validations.of(this.userPool.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) rather than required: customers sign in from self-service apps; threat protection (FULL_FUNCTION) challenges risky sign-ins with MFA.',
    });

    for (const group of userGroups) {
      this.userPool.addGroup(`${group.groupName}Group`, { ...group });
    }

    this.appClient = this.userPool.addClient('AppClient', {
      userPoolClientName: 'bss-app',
      authFlows: { userSrp: true },
      // Apps sign in with SRP; without a hosted UI domain the OAuth defaults (implicit grant,
      // placeholder callback URL) would only widen the surface.
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes('customerId'),
      // custom:customerId decides which customer's data a token sees: users must never write it
      // themselves (an empty list would mean "all attributes"), only operators through the admin API.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });
  }
}
