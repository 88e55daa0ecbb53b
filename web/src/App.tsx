import {
  Anchor,
  AppShell,
  Box,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { EnginesMenu } from './engines-menu.tsx';
import { useResource } from './hooks.ts';
import { setLanguage } from './i18n.ts';
import { SignInPage, SignUpPage } from './pages/auth.tsx';
import { type Area, areaOf, usePermissions, useSession } from './session.tsx';

// Every page but sign-in and sign-up loads on demand: the first page stays small.
const PortalHome = lazy(() => import('./pages/portal.tsx').then((m) => ({ default: m.PortalHome })));
const WarrantyPage = lazy(() => import('./pages/portal.tsx').then((m) => ({ default: m.WarrantyPage })));
const RegisterUnitPage = lazy(() =>
  import('./pages/portal.tsx').then((m) => ({ default: m.RegisterUnitPage })),
);
const NewRequestPage = lazy(() => import('./pages/request.tsx').then((m) => ({ default: m.NewRequestPage })));
const RequestPage = lazy(() => import('./pages/request.tsx').then((m) => ({ default: m.RequestPage })));
const TroubleshootPage = lazy(() =>
  import('./pages/troubleshoot.tsx').then((m) => ({ default: m.TroubleshootPage })),
);
const SurveyPage = lazy(() => import('./pages/troubleshoot.tsx').then((m) => ({ default: m.SurveyPage })));
const QueuePage = lazy(() => import('./pages/queue.tsx').then((m) => ({ default: m.QueuePage })));
const NewCasePage = lazy(() => import('./pages/new-case.tsx').then((m) => ({ default: m.NewCasePage })));
const CasePage = lazy(() => import('./pages/console.tsx').then((m) => ({ default: m.CasePage })));
const EscalationsPage = lazy(() =>
  import('./pages/console.tsx').then((m) => ({ default: m.EscalationsPage })),
);
const TermsPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.TermsPage })));
const AgreementPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.AgreementPage })));
const CalendarsPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.CalendarsPage })));
// Pages with charts stay out of the first page's bundle (the chart library is some 80 KB compressed).
const UnitHealthPage = lazy(() =>
  import('./pages/unit-health.tsx').then((m) => ({ default: m.UnitHealthPage })),
);
const DashboardPage = lazy(() => import('./pages/dashboard.tsx').then((m) => ({ default: m.DashboardPage })));
const ArticlePage = lazy(() => import('./pages/knowledge.tsx').then((m) => ({ default: m.ArticlePage })));
const ArticlesPage = lazy(() => import('./pages/knowledge.tsx').then((m) => ({ default: m.ArticlesPage })));
const GuidesAdminPage = lazy(() =>
  import('./pages/guide-editor.tsx').then((m) => ({ default: m.GuidesAdminPage })),
);
const GuideEditorPage = lazy(() =>
  import('./pages/guide-editor.tsx').then((m) => ({ default: m.GuideEditorPage })),
);
const ArticleEditorPage = lazy(() =>
  import('./pages/knowledge.tsx').then((m) => ({ default: m.ArticleEditorPage })),
);
const PartnerHome = lazy(() => import('./pages/partner.tsx').then((m) => ({ default: m.PartnerHome })));
const PartnerCasePage = lazy(() =>
  import('./pages/partner.tsx').then((m) => ({ default: m.PartnerCasePage })),
);
const RepairsHome = lazy(() => import('./pages/repairs.tsx').then((m) => ({ default: m.RepairsHome })));
const RepairPage = lazy(() => import('./pages/repairs.tsx').then((m) => ({ default: m.RepairPage })));
const ReturnsDesk = lazy(() => import('./pages/returns-desk.tsx').then((m) => ({ default: m.ReturnsDesk })));
const ReturnDeskPage = lazy(() =>
  import('./pages/returns-desk.tsx').then((m) => ({ default: m.ReturnDeskPage })),
);
const ClaimsHome = lazy(() => import('./pages/claims.tsx').then((m) => ({ default: m.ClaimsHome })));
const ClaimPage = lazy(() => import('./pages/claims.tsx').then((m) => ({ default: m.ClaimPage })));
const NewClaimPage = lazy(() => import('./pages/claims.tsx').then((m) => ({ default: m.NewClaimPage })));
const RecoveriesPage = lazy(() => import('./pages/claims.tsx').then((m) => ({ default: m.RecoveriesPage })));
const LedgerPage = lazy(() => import('./pages/ledger.tsx').then((m) => ({ default: m.LedgerPage })));
const DispatchBoardPage = lazy(() =>
  import('./pages/field.tsx').then((m) => ({ default: m.DispatchBoardPage })),
);
const TechnicianDayPage = lazy(() =>
  import('./pages/field.tsx').then((m) => ({ default: m.TechnicianDayPage })),
);
const SitesPage = lazy(() => import('./pages/sites.tsx').then((m) => ({ default: m.SitesPage })));
const TechniciansPage = lazy(() =>
  import('./pages/technicians.tsx').then((m) => ({ default: m.TechniciansPage })),
);
const WorkOrdersPage = lazy(() =>
  import('./pages/work-orders.tsx').then((m) => ({ default: m.WorkOrdersPage })),
);
const DisputesPage = lazy(() => import('./pages/disputes.tsx').then((m) => ({ default: m.DisputesPage })));
const SupplierRequestsPage = lazy(() =>
  import('./pages/supplier-requests.tsx').then((m) => ({ default: m.SupplierRequestsPage })),
);
const SupplierRequestPage = lazy(() =>
  import('./pages/supplier-requests.tsx').then((m) => ({ default: m.SupplierRequestPage })),
);
const SupplierReviewsPage = lazy(() =>
  import('./pages/supplier-reviews.tsx').then((m) => ({ default: m.SupplierReviewsPage })),
);
const PortalBillingPage = lazy(() =>
  import('./pages/billing.tsx').then((m) => ({ default: m.PortalBillingPage })),
);
const ContractsPage = lazy(() =>
  import('./pages/contracts-desk.tsx').then((m) => ({ default: m.ContractsPage })),
);
const InvoicesPage = lazy(() =>
  import('./pages/contracts-desk.tsx').then((m) => ({ default: m.InvoicesPage })),
);
const ExchangesPage = lazy(() =>
  import('./pages/contracts-desk.tsx').then((m) => ({ default: m.ExchangesPage })),
);
const LoansPage = lazy(() => import('./pages/contracts-desk.tsx').then((m) => ({ default: m.LoansPage })));
const PricesPage = lazy(() => import('./pages/prices-plans.tsx').then((m) => ({ default: m.PricesPage })));
const PlansPage = lazy(() => import('./pages/prices-plans.tsx').then((m) => ({ default: m.PlansPage })));
const PortalPricesPage = lazy(() =>
  import('./pages/prices-plans.tsx').then((m) => ({ default: m.PortalPricesPage })),
);
const ShopRegisterPage = lazy(() =>
  import('./pages/repair-shops.tsx').then((m) => ({ default: m.ShopRegisterPage })),
);
const ShopsDeskPage = lazy(() =>
  import('./pages/repair-shops.tsx').then((m) => ({ default: m.ShopsDeskPage })),
);
const ShopHome = lazy(() => import('./pages/repair-shops.tsx').then((m) => ({ default: m.ShopHome })));
const PartsPage = lazy(() => import('./pages/parts.tsx').then((m) => ({ default: m.PartsPage })));

const NAV: Record<
  Area,
  { to: string; label: string; staff?: true; partnerAdmin?: true; supplierWork?: true }[]
> = {
  portal: [
    { to: '/portal', label: 'nav.home' },
    { to: '/portal/warranty', label: 'nav.warranty' },
    { to: '/portal/requests/new', label: 'nav.newRequest' },
    { to: '/portal/register', label: 'nav.register' },
    { to: '/portal/billing', label: 'billing.nav' },
    { to: '/portal/prices', label: 'prices.nav' },
    { to: '/portal/sites', label: 'sites.nav' },
  ],
  console: [
    { to: '/console', label: 'nav.queue' },
    { to: '/console/escalations', label: 'nav.escalations', staff: true },
    { to: '/console/dashboard', label: 'nav.dashboard', staff: true },
    { to: '/console/terms', label: 'nav.terms', staff: true },
    { to: '/console/calendars', label: 'nav.calendars', staff: true },
    { to: '/console/kb', label: 'nav.knowledge', staff: true },
    { to: '/console/disputes', label: 'disputes.nav', staff: true },
    { to: '/console/sites', label: 'sites.nav', staff: true },
  ],
  partner: [
    { to: '/partner', label: 'nav.assigned' },
    { to: '/partner/repairs', label: 'repairs.nav' },
    { to: '/partner/claims', label: 'claims.nav', partnerAdmin: true },
    { to: '/partner/parts', label: 'parts.nav' },
    { to: '/partner/dispatch', label: 'field.boardNav', partnerAdmin: true },
    { to: '/partner/technicians', label: 'technicians.nav', partnerAdmin: true },
    { to: '/partner/day', label: 'field.dayNav' },
    { to: '/partner/work-orders', label: 'workOrders.nav' },
    { to: '/partner/ledger', label: 'ledger.nav', partnerAdmin: true },
    { to: '/partner/supplier-requests', label: 'disputes.portalNav', supplierWork: true },
  ],
  shop: [{ to: '/shop', label: 'shops.homeNav' }],
};

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(value) => setLanguage(value as 'en' | 'zh')}
      data={[
        { value: 'en', label: 'English' },
        { value: 'zh', label: '中文' },
      ]}
    />
  );
}

function Shell({ area }: { area: Area | null }) {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useSession();
  const can = usePermissions();
  // A supplier's people (role partner of the supplier party) see "Support requests" only when
  // the buyer has addressed a request or a sent notice to their party: the lists are the API's.
  const asksSupplier = area === 'partner' && me?.user.role === 'partner';
  const requestsToUs = useResource<{ items: unknown[] }>(asksSupplier ? '/supplier-requests' : null);
  const noticesToUs = useResource<{ items: unknown[] }>(asksSupplier ? '/notices' : null);
  const supplierWork =
    (requestsToUs.data?.items.length ?? 0) > 0 || (noticesToUs.data?.items.length ?? 0) > 0;
  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n.language]);
  const links = area && (
    <nav aria-label={t('nav.main')}>
      <Group gap="md" wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
        {NAV[area]
          .filter((item) => !item.staff || can.staffPages)
          .filter((item) => !item.partnerAdmin || me?.user.role === 'partner')
          .filter((item) => !item.supplierWork || supplierWork)
          .map((item) => (
            <Anchor key={item.to} component={NavLink} to={item.to} end size="sm">
              {t(item.label)}
            </Anchor>
          ))}
        {area === 'console' && can.staffPages && <EnginesMenu />}
      </Group>
    </nav>
  );
  return (
    <AppShell header={{ height: area ? { base: 96, sm: 60 } : 60 }} padding="md">
      <AppShell.Header>
        <Group h={60} px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" style={{ minWidth: 0 }}>
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
              Servicebook
            </Anchor>
            {area && (
              <Box visibleFrom="sm" style={{ minWidth: 0, overflowX: 'auto' }}>
                {links}
              </Box>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {me && (
              <>
                <Text size="sm" c="dimmed" visibleFrom="sm">
                  {me.user.name} · {me.party.name}
                </Text>
                <Button variant="subtle" size="xs" onClick={() => void signOut()}>
                  {t('auth.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
        {area && (
          // On a phone the links take a row of their own and scroll sideways, never over the page.
          <Box hiddenFrom="sm" px="md" pb={6} style={{ overflowX: 'auto' }}>
            {links}
          </Box>
        )}
      </AppShell.Header>
      <AppShell.Main>
        <VisuallyHidden>
          <a href="#content">{t('nav.skip')}</a>
        </VisuallyHidden>
        <main id="content">
          <Suspense
            fallback={
              <Center p="xl">
                <Loader aria-label={t('common.loading')} />
              </Center>
            }
          >
            <AreaRoutes area={area} />
          </Suspense>
        </main>
      </AppShell.Main>
    </AppShell>
  );
}

function AreaRoutes({ area }: { area: Area | null }) {
  const location = useLocation();
  const can = usePermissions();
  if (!area) {
    return (
      <Routes>
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/repair-shops/register" element={<ShopRegisterPage />} />
        <Route path="/portal/survey/:token" element={<SurveyPage />} />
        <Route path="*" element={<Navigate to="/signin" replace state={{ from: location.pathname }} />} />
      </Routes>
    );
  }
  return (
    <Routes>
      {area === 'portal' && (
        <>
          <Route path="/portal" element={<PortalHome />} />
          <Route path="/portal/warranty" element={<WarrantyPage />} />
          <Route path="/portal/register" element={<RegisterUnitPage />} />
          <Route path="/portal/sites" element={<SitesPage staff={false} />} />
          <Route path="/portal/billing" element={<PortalBillingPage />} />
          <Route path="/portal/prices" element={<PortalPricesPage />} />
          <Route path="/portal/requests/new" element={<NewRequestPage />} />
          <Route path="/portal/requests/:id" element={<RequestPage />} />
          <Route path="/portal/kb/:key" element={<ArticlePage />} />
          <Route path="/portal/troubleshoot/:key" element={<TroubleshootPage />} />
          <Route
            path="/portal/units/:serial"
            element={
              <UnitHealthPage
                casePath={(id) => `/portal/requests/${id}`}
                knowledgePath={(q) => `/portal/knowledge?${q}`}
              />
            }
          />
        </>
      )}
      {area === 'console' && (
        <>
          <Route path="/console" element={<QueuePage />} />
          <Route path="/console/cases/:id" element={<CasePage />} />
          <Route path="/console/kb/read/:key" element={<ArticlePage />} />
          <Route
            path="/console/units/:serial"
            element={
              <UnitHealthPage
                casePath={(id) => `/console/cases/${id}`}
                knowledgePath={(q) => `/console/knowledge?${q}`}
              />
            }
          />
          <Route path="/console/cases/new" element={<NewCasePage />} />
          {can.staffPages && (
            <>
              <Route path="/console/escalations" element={<EscalationsPage />} />
              <Route path="/console/disputes" element={<DisputesPage />} />
              <Route path="/console/supplier-reviews" element={<SupplierReviewsPage />} />
              <Route path="/console/sites" element={<SitesPage staff />} />
              <Route path="/console/dispatch" element={<DispatchBoardPage />} />
              <Route path="/console/technicians" element={<TechniciansPage staff />} />
              <Route path="/console/work-orders" element={<WorkOrdersPage />} />
              <Route path="/console/dashboard" element={<DashboardPage />} />
              <Route path="/console/terms" element={<TermsPage />} />
              <Route path="/console/terms/:id" element={<AgreementPage />} />
              <Route path="/console/calendars" element={<CalendarsPage />} />
              <Route path="/console/kb" element={<ArticlesPage />} />
              <Route path="/console/kb/:id" element={<ArticleEditorPage />} />
              <Route path="/console/guides" element={<GuidesAdminPage />} />
              <Route path="/console/guides/:key" element={<GuideEditorPage />} />
              <Route path="/console/repairs" element={<RepairsHome />} />
              <Route path="/console/repairs/:id" element={<RepairPage />} />
              <Route path="/console/returns" element={<ReturnsDesk />} />
              <Route path="/console/returns/:id" element={<ReturnDeskPage />} />
              <Route path="/console/claims" element={<ClaimsHome />} />
              <Route path="/console/claims/:id" element={<ClaimPage />} />
              <Route path="/console/recoveries" element={<RecoveriesPage />} />
              <Route path="/console/ledger" element={<LedgerPage />} />
              <Route path="/console/parts" element={<PartsPage />} />
              <Route path="/console/contracts" element={<ContractsPage />} />
              <Route path="/console/invoices" element={<InvoicesPage />} />
              <Route path="/console/exchanges" element={<ExchangesPage />} />
              <Route path="/console/loans" element={<LoansPage />} />
              <Route path="/console/prices" element={<PricesPage />} />
              <Route path="/console/plans" element={<PlansPage />} />
              <Route path="/console/repair-shops" element={<ShopsDeskPage />} />
            </>
          )}
        </>
      )}
      {area === 'partner' && (
        <>
          <Route path="/partner" element={<PartnerHome />} />
          <Route path="/partner/cases/:id" element={<PartnerCasePage />} />
          <Route path="/partner/kb/:key" element={<ArticlePage />} />
          <Route
            path="/partner/units/:serial"
            element={<UnitHealthPage casePath={(id) => `/partner/cases/${id}`} />}
          />
          <Route path="/partner/repairs" element={<RepairsHome />} />
          <Route path="/partner/repairs/:id" element={<RepairPage />} />
          <Route path="/partner/claims" element={<ClaimsHome />} />
          <Route path="/partner/claims/new" element={<NewClaimPage />} />
          <Route path="/partner/claims/:id" element={<ClaimPage />} />
          <Route path="/partner/parts" element={<PartsPage />} />
          <Route path="/partner/ledger" element={<LedgerPage />} />
          <Route path="/partner/dispatch" element={<DispatchBoardPage />} />
          <Route path="/partner/day" element={<TechnicianDayPage />} />
          <Route path="/partner/technicians" element={<TechniciansPage staff={false} />} />
          <Route path="/partner/work-orders" element={<WorkOrdersPage />} />
          <Route path="/partner/supplier-requests" element={<SupplierRequestsPage />} />
          <Route path="/partner/supplier-requests/:id" element={<SupplierRequestPage />} />
        </>
      )}
      {area === 'shop' && (
        <>
          <Route path="/shop" element={<ShopHome />} />
          <Route path="/shop/kb/:key" element={<ArticlePage />} />
        </>
      )}
      <Route path="/portal/survey/:token" element={<SurveyPage />} />
      <Route path="*" element={<Home area={area} />} />
    </Routes>
  );
}

/** After sign-in, or on a page of another area: back where the person was going, or to their home. */
function Home({ area }: { area: Area }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (from?.startsWith(`/${area}`)) return <Navigate to={from} replace />;
  return <Navigate to={`/${area}`} replace />;
}

export function App() {
  const { me, loading } = useSession();
  const { t } = useTranslation();
  if (loading)
    return (
      <Center h="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  return <Shell area={me ? areaOf(me) : null} />;
}
