import {
  Anchor,
  AppShell,
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
import { setLanguage } from './i18n.ts';
import { SignInPage, SignUpPage } from './pages/auth.tsx';
import { UnitHealthPage } from './pages/unit-health.tsx';
import { type Area, areaOf, usePermissions, useSession } from './session.tsx';

// Every page but sign-in and sign-up loads on demand: the first page stays small.
const PortalHome = lazy(() => import('./pages/portal.tsx').then((m) => ({ default: m.PortalHome })));
const WarrantyPage = lazy(() => import('./pages/portal.tsx').then((m) => ({ default: m.WarrantyPage })));
const RegisterUnitPage = lazy(() =>
  import('./pages/portal.tsx').then((m) => ({ default: m.RegisterUnitPage })),
);
const NewRequestPage = lazy(() => import('./pages/request.tsx').then((m) => ({ default: m.NewRequestPage })));
const RequestPage = lazy(() => import('./pages/request.tsx').then((m) => ({ default: m.RequestPage })));
const QueuePage = lazy(() => import('./pages/queue.tsx').then((m) => ({ default: m.QueuePage })));
const NewCasePage = lazy(() => import('./pages/new-case.tsx').then((m) => ({ default: m.NewCasePage })));
const CasePage = lazy(() => import('./pages/console.tsx').then((m) => ({ default: m.CasePage })));
const EscalationsPage = lazy(() =>
  import('./pages/console.tsx').then((m) => ({ default: m.EscalationsPage })),
);
const TermsPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.TermsPage })));
const AgreementPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.AgreementPage })));
const CalendarsPage = lazy(() => import('./pages/terms.tsx').then((m) => ({ default: m.CalendarsPage })));
const DashboardPage = lazy(() => import('./pages/dashboard.tsx').then((m) => ({ default: m.DashboardPage })));
const PartnerHome = lazy(() => import('./pages/partner.tsx').then((m) => ({ default: m.PartnerHome })));
const PartnerCasePage = lazy(() =>
  import('./pages/partner.tsx').then((m) => ({ default: m.PartnerCasePage })),
);

const NAV: Record<Area, { to: string; label: string; staff?: true }[]> = {
  portal: [
    { to: '/portal', label: 'nav.home' },
    { to: '/portal/warranty', label: 'nav.warranty' },
    { to: '/portal/requests/new', label: 'nav.newRequest' },
    { to: '/portal/register', label: 'nav.register' },
  ],
  console: [
    { to: '/console', label: 'nav.queue' },
    { to: '/console/escalations', label: 'nav.escalations', staff: true },
    { to: '/console/dashboard', label: 'nav.dashboard', staff: true },
    { to: '/console/terms', label: 'nav.terms', staff: true },
    { to: '/console/calendars', label: 'nav.calendars', staff: true },
  ],
  partner: [{ to: '/partner', label: 'nav.assigned' }],
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
  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n.language]);
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
              Servicebook
            </Anchor>
            {area && (
              <nav aria-label={t('nav.main')}>
                <Group gap="md">
                  {NAV[area]
                    .filter((item) => !item.staff || can.staffPages)
                    .map((item) => (
                      <Anchor key={item.to} component={NavLink} to={item.to} end size="sm">
                        {t(item.label)}
                      </Anchor>
                    ))}
                </Group>
              </nav>
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
          <Route path="/portal/requests/new" element={<NewRequestPage />} />
          <Route path="/portal/requests/:id" element={<RequestPage />} />
          <Route
            path="/portal/units/:serial"
            element={<UnitHealthPage casePath={(id) => `/portal/requests/${id}`} />}
          />
        </>
      )}
      {area === 'console' && (
        <>
          <Route path="/console" element={<QueuePage />} />
          <Route path="/console/cases/:id" element={<CasePage />} />
          <Route
            path="/console/units/:serial"
            element={<UnitHealthPage casePath={(id) => `/console/cases/${id}`} />}
          />
          <Route path="/console/cases/new" element={<NewCasePage />} />
          {can.staffPages && (
            <>
              <Route path="/console/escalations" element={<EscalationsPage />} />
              <Route path="/console/dashboard" element={<DashboardPage />} />
              <Route path="/console/terms" element={<TermsPage />} />
              <Route path="/console/terms/:id" element={<AgreementPage />} />
              <Route path="/console/calendars" element={<CalendarsPage />} />
            </>
          )}
        </>
      )}
      {area === 'partner' && (
        <>
          <Route path="/partner" element={<PartnerHome />} />
          <Route path="/partner/cases/:id" element={<PartnerCasePage />} />
          <Route
            path="/partner/units/:serial"
            element={<UnitHealthPage casePath={(id) => `/partner/cases/${id}`} />}
          />
        </>
      )}
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
