import { LocationProvider, Route, Router, useLocation } from 'preact-iso/router';
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { ApiClient } from '../shared/api-client.js';
import { ApiProvider } from '../shared/api-context.js';
import { AuthGate, forgetSession } from '../shared/auth/auth-gate.js';
import type { Session } from '../shared/auth/session.js';
import { useWebConfig } from '../shared/auth/web-config-context.js';
import { Layout } from '../shared/components/layout.js';
import { NotFound } from '../shared/components/not-found.js';
import { I18nProvider } from '../shared/i18n/i18n-context.js';
import { agentPaths } from './agent-paths.js';
import { CaseQueuePage } from './pages/case-queue-page.js';
import { PlaceOrderPage } from './pages/place-order-page.js';
import { AgentProductChangePage } from './pages/product-change-page.js';
import { StaffProvider } from './staff-role.js';
import { CustomerPage } from './pages/customer-page.js';
import { SearchPage } from './pages/search-page.js';
import { AgentSupportCasePage } from './pages/support-case-page.js';

const nav = [
  { href: agentPaths.search, label: 'nav.search' },
  { href: agentPaths.caseQueue(), label: 'nav.caseQueue' },
] as const;

/**
 * The agent desktop: staff sign in, find a customer with one search box, and work from the
 * customer 360, all on the public API; what each may do is the API's role model.
 */
export function AgentApp() {
  return (
    <I18nProvider>
      <AuthGate app="agent">{(session, signOut) => <SignedIn session={session} signOut={signOut} />}</AuthGate>
    </I18nProvider>
  );
}

function SignedIn({ session, signOut }: { session: Session; signOut: () => void }) {
  const { apiBaseUrl } = useWebConfig();
  const client = useMemo(() => new ApiClient({ baseUrl: apiBaseUrl, token: () => session.token, onUnauthorized: () => forgetSession('agent') }), [session, apiBaseUrl]);
  return (
    <ApiProvider client={client}>
      <StaffProvider staff={{ role: session.role, name: session.name ?? session.subject }}>
        <LocationProvider scope="/agent/">
          <AgentLayout name={session.name ?? session.subject} signOut={signOut}>
            <Router>
              <Route path="/agent/" component={SearchPage} />
              <Route path="/agent/customers/:id" component={({ id }: { id: string }) => <CustomerPage customerId={id} />} />
              <Route path="/agent/customers/:id/order" component={({ id }: { id: string }) => <PlaceOrderPage customerId={id} />} />
              <Route path="/agent/customers/:id/products/:productId/change" component={({ id, productId }: { id: string; productId: string }) => <AgentProductChangePage customerId={id} productId={productId} action="modify" />} />
              <Route path="/agent/customers/:id/products/:productId/end" component={({ id, productId }: { id: string; productId: string }) => <AgentProductChangePage customerId={id} productId={productId} action="delete" />} />
              <Route path="/agent/cases" component={CaseQueuePage} />
              <Route path="/agent/cases/:id" component={({ id }: { id: string }) => <AgentSupportCasePage caseId={id} />} />
              <Route default component={() => <NotFound home={agentPaths.search} />} />
            </Router>
          </AgentLayout>
        </LocationProvider>
      </StaffProvider>
    </ApiProvider>
  );
}

function AgentLayout({ name, signOut, children }: { name: string | undefined; signOut: () => void; children: ComponentChildren }) {
  const { path } = useLocation();
  return (
    <Layout title="app.agent" nav={[...nav]} currentPath={path} signedInAs={name} onSignOut={signOut}>
      {children}
    </Layout>
  );
}
