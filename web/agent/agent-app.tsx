import { AuthGate } from '../shared/auth/auth-gate.js';
import type { Session } from '../shared/auth/session.js';
import { Layout } from '../shared/components/layout.js';
import { I18nProvider, useI18n } from '../shared/i18n/i18n-context.js';

/**
 * The agent desktop's shell: staff sign in and land on a page that says what is there so far.
 * The search and the customer 360 (#17 item 5) come next, on the same shared parts as the portal.
 */
export function AgentApp() {
  return (
    <I18nProvider>
      <AuthGate app="agent">{(session, signOut) => <AgentHome session={session} signOut={signOut} />}</AuthGate>
    </I18nProvider>
  );
}

function AgentHome({ session, signOut }: { session: Session; signOut: () => void }) {
  const { t } = useI18n();
  return (
    <Layout title="app.agent" nav={[]} currentPath={location.pathname} signedInAs={session.name ?? session.subject} onSignOut={signOut}>
      <h1>{t('agent.title')}</h1>
      <p>{t('agent.welcome', { role: t(session.role === 'admin' ? 'role.admin' : 'role.agent') })}</p>
      <p>{t('agent.comingNext')}</p>
    </Layout>
  );
}
