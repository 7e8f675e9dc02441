import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages-en.js';
import { callbackPathOf, identityProviderOf } from './identity-provider.js';
import type { WebApp } from './local-issuer.js';
import { clearSession, loadSession, type Session } from './session.js';
import { completeSignIn, startSignIn } from './sign-in-flow.js';
import { localConfig } from './web-config.js';
import { useWebConfigState } from './web-config-context.js';

interface Audience {
  /** The roles this app is for; the API still decides what each may see. */
  roles: readonly string[];
  refusal: MessageKey;
  elsewhere: { href: string; label: MessageKey };
}

const audiences: Record<WebApp, Audience> = {
  portal: { roles: ['customer'], refusal: 'auth.portalIsForCustomers', elsewhere: { href: '/agent/', label: 'auth.goToAgent' } },
  agent: { roles: ['agent', 'admin'], refusal: 'auth.agentIsForStaff', elsewhere: { href: '/portal/', label: 'auth.goToPortal' } },
};

/**
 * Lets the app render only with a session of the right kind: completes a sign-in on the
 * callback path, offers one when there is no session (or it ended), and turns away a user the
 * app is not for, pointing to the other app. Where it signs in is the app's configuration
 * (config.json: Cognito on AWS, the dev issuer locally). Signing out forgets the token in this
 * tab, and on Cognito ends its session too, so the next sign-in asks for the password again.
 */
export function AuthGate({ app, children }: { app: WebApp; children: (session: Session, signOut: () => void) => ComponentChildren }) {
  const { t, language } = useI18n();
  const configState = useWebConfigState();
  const auth = 'config' in configState ? configState.config.auth : localConfig.auth;
  const provider = useMemo(() => identityProviderOf(app, auth, location.origin), [app, auth]);
  const [session, setSession] = useState<Session | undefined>(() => loadSession(app));
  const [failure, setFailure] = useState<string | undefined>();
  const onCallback = 'config' in configState && location.pathname === callbackPathOf(provider);

  useEffect(() => {
    if (!onCallback) return;
    completeSignIn(app, provider, new URLSearchParams(location.search)).then(
      ({ session: signedIn, returnTo }) => {
        // Replace, so Back does not return to a spent code.
        history.replaceState(null, '', returnTo);
        setSession(signedIn);
      },
      (error: unknown) => {
        history.replaceState(null, '', `/${app}/`);
        setFailure((error as Error).message);
      },
    );
  }, [app, provider, onCallback]);

  const signOut = () => {
    clearSession(app);
    setSession(undefined);
    if (provider.logoutUrl) location.assign(provider.logoutUrl);
  };
  const signIn = () => void startSignIn(app, provider, onCallback ? `/${app}/` : `${location.pathname}${location.search}`, language);

  if ('failure' in configState) {
    return (
      <main id="main" class="gate">
        <h1>{t('error.title')}</h1>
        <p role="alert">{t('auth.configFailed', { reason: configState.failure })}</p>
        <button type="button" class="primary" onClick={() => location.reload()}>
          {t('error.retry')}
        </button>
      </main>
    );
  }
  if (onCallback && !failure) {
    return (
      <main id="main" class="gate">
        <p role="status">{t('auth.signingIn')}</p>
      </main>
    );
  }
  if (!session) {
    return (
      <main id="main" class="gate">
        <h1>{t('auth.signInTitle')}</h1>
        {failure ? <p role="alert">{t('auth.failed', { reason: failure })}</p> : <p>{t('auth.signInBody')}</p>}
        <button type="button" class="primary" onClick={signIn}>
          {t('auth.signIn')}
        </button>
      </main>
    );
  }
  const audience = audiences[app];
  if (!audience.roles.includes(session.role)) {
    return (
      <main id="main" class="gate">
        <h1>{t(audience.refusal)}</h1>
        <p>
          <a href={audience.elsewhere.href}>{t(audience.elsewhere.label)}</a>
        </p>
        <button type="button" onClick={signOut}>
          {t('auth.signOut')}
        </button>
      </main>
    );
  }
  return <>{children(session, signOut)}</>;
}

/** Called when the API answers 401: the token expired or was refused, so the user signs in again. */
export function forgetSession(app: WebApp): void {
  clearSession(app);
  location.reload();
}
