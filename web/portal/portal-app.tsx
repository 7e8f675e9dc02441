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
import { BillPage } from './pages/bill-page.js';
import { BillsPage } from './pages/bills-page.js';
import { HomePage } from './pages/home-page.js';
import { OrderPage } from './pages/order-page.js';
import { OrdersPage } from './pages/orders-page.js';
import { PaymentMethodsPage } from './pages/payment-methods-page.js';
import { MessagesPage } from './pages/messages-page.js';
import { NewSupportCasePage } from './pages/new-support-case-page.js';
import { UsagePage } from './pages/usage-page.js';
import { ProfilePage } from './pages/profile-page.js';
import { ProductChangePage } from './pages/product-change-page.js';
import { ProductsPage } from './pages/products-page.js';
import { SupportCasePage } from './pages/support-case-page.js';
import { SupportCasesPage } from './pages/support-cases-page.js';
import { portalPaths } from './portal-paths.js';

const nav = [
  { href: portalPaths.home, label: 'nav.home' },
  { href: portalPaths.bills, label: 'nav.bills' },
  { href: portalPaths.products, label: 'nav.products' },
  { href: portalPaths.usage, label: 'nav.usage' },
  { href: portalPaths.orders, label: 'nav.orders' },
  { href: portalPaths.paymentMethods, label: 'nav.paymentMethods' },
  { href: portalPaths.messages, label: 'nav.messages' },
  { href: portalPaths.supportCases, label: 'nav.support' },
  { href: portalPaths.profile, label: 'nav.profile' },
] as const;

/** The customer portal: sign-in, then the pages of the signed-in customer, on the public API. */
export function PortalApp() {
  return (
    <I18nProvider>
      <AuthGate app="portal">{(session, signOut) => <SignedIn session={session} signOut={signOut} />}</AuthGate>
    </I18nProvider>
  );
}

function SignedIn({ session, signOut }: { session: Session; signOut: () => void }) {
  const { apiBaseUrl } = useWebConfig();
  const client = useMemo(() => new ApiClient({ baseUrl: apiBaseUrl, token: () => session.token, onUnauthorized: () => forgetSession('portal') }), [session, apiBaseUrl]);
  // A customer token always names its customer (the issuer refuses one without).
  const customerId = session.customerId ?? '';
  return (
    <ApiProvider client={client}>
      {/* Only the portal's own links are routed here; the API's (a bill's PDF) and the other app's load as pages. */}
      <LocationProvider scope="/portal/">
        <PortalLayout name={session.name} signOut={signOut}>
          <Router>
            <Route path="/portal/" component={() => <HomePage customerId={customerId} />} />
            <Route path="/portal/bills" component={() => <BillsPage customerId={customerId} />} />
            <Route path="/portal/bills/:id" component={({ id }: { id: string }) => <BillPage customerId={customerId} billId={id} />} />
            <Route path="/portal/products" component={() => <ProductsPage customerId={customerId} />} />
            <Route path="/portal/products/:id/change" component={({ id }: { id: string }) => <ProductChangePage customerId={customerId} productId={id} action="modify" />} />
            <Route path="/portal/products/:id/end" component={({ id }: { id: string }) => <ProductChangePage customerId={customerId} productId={id} action="delete" />} />
            <Route path="/portal/orders" component={() => <OrdersPage customerId={customerId} />} />
            <Route path="/portal/orders/:id" component={({ id }: { id: string }) => <OrderPage customerId={customerId} orderId={id} />} />
            <Route path="/portal/payment-methods" component={() => <PaymentMethodsPage customerId={customerId} />} />
            <Route path="/portal/support" component={() => <SupportCasesPage customerId={customerId} />} />
            <Route path="/portal/support/new" component={() => <NewSupportCasePage customerId={customerId} />} />
            <Route path="/portal/support/:id" component={({ id }: { id: string }) => <SupportCasePage customerId={customerId} caseId={id} />} />
            <Route path="/portal/usage" component={() => <UsagePage customerId={customerId} />} />
            <Route path="/portal/messages" component={() => <MessagesPage customerId={customerId} />} />
            <Route path="/portal/profile" component={() => <ProfilePage customerId={customerId} />} />
            <Route default component={() => <NotFound home={portalPaths.home} />} />
          </Router>
        </PortalLayout>
      </LocationProvider>
    </ApiProvider>
  );
}

function PortalLayout({ name, signOut, children }: { name: string | undefined; signOut: () => void; children: ComponentChildren }) {
  const { path } = useLocation();
  return (
    <Layout title="app.portal" nav={[...nav]} currentPath={path} signedInAs={name} onSignOut={signOut}>
      {children}
    </Layout>
  );
}
