import { useEffect, useState } from 'preact/hooks';
import { onLanguageChanged } from '../i18n';
import { usePlatform } from '../state/platform';
import { installAutoLock } from '../state/pin';
import { useSession } from '../state/session';
import { homeRoleOf, navigate, useApp, type Role } from '../state/store';
import { PinUnlock } from './access/PinUnlock';
import { Login } from './Login';
import { JobDetail } from './repair/JobDetail';
import { ClerkHome } from './roles/ClerkHome';
import { LinemanHome } from './roles/LinemanHome';
import { ClockJumpBanner } from './clocks';
import { InAppBrowserNotice, InstallGuide } from './field';
import { InsecureNotice } from './shell/InsecureNotice';
import { TopBar } from './shell/TopBar';
import { UpdatePrompt } from './shell/UpdatePrompt';
import { RejectionNotice } from './shell/RejectionNotice';
import { lazyScreen, preloadScreens } from './lazy';

export { preloadScreens };

// Screens past the first one load on demand (precached, so offline too).
const AppealDetail = lazyScreen(() => import('./appeals/AppealDetail').then((m) => m.AppealDetail));
const AppealsPage = lazyScreen(() => import('./appeals/AppealsPage').then((m) => m.AppealsPage));
const CustomersPage = lazyScreen(() => import('./customers/CustomersPage').then((m) => m.CustomersPage));
const ChiefHome = lazyScreen(() => import('./roles/ChiefHome').then((m) => m.ChiefHome));
const Settings = lazyScreen(() => import('./Settings').then((m) => m.Settings));
const VisitDetail = lazyScreen(() => import('./visits/VisitDetail').then((m) => m.VisitDetail));
const VisitsPage = lazyScreen(() => import('./visits/VisitsPage').then((m) => m.VisitsPage));
const HandoverPage = lazyScreen(() => import('./handover/HandoverPage').then((m) => m.HandoverPage));
const ZoneDetail = lazyScreen(() => import('./zones/ZoneDetail').then((m) => m.ZoneDetail));
const ZonesPage = lazyScreen(() => import('./zones/ZonesPage').then((m) => m.ZonesPage));
const Ledger = lazyScreen(() => import('./chief/Ledger').then((m) => m.Ledger));
const MonthlyReport = lazyScreen(() => import('./chief/MonthlyReport').then((m) => m.MonthlyReport));
const StationSettings = lazyScreen(() => import('./station/StationSettings').then((m) => m.StationSettings));

const HOMES: Record<Role, preact.ComponentType<{ canSwitch: boolean }>> = { lineman: LinemanHome, clerk: ClerkHome, chief: ChiefHome };

function Screen() {
  const route = useApp((s) => s.route);
  const { status, session } = useSession();
  const own = session ? homeRoleOf(session.role) : null;
  const isChief = own === 'chief';
  // Anyone but the chief only ever sees their own role's home.
  const wrongHome = route.name === 'role' && own !== null && !isChief && route.role !== own;
  // The user's own home, when the address is bare or names another role's home.
  const homeNow = own !== null && (route.name === 'home' || wrongHome) ? own : null;
  useEffect(() => {
    if (homeNow) navigate({ name: 'role', role: homeNow }, true);
  }, [homeNow]);
  if (status === 'loading') return null;
  if (status === 'signedOut') return <Login />;
  // Locked: nothing of anyone's data is drawn until the PIN is given.
  if (status === 'locked') return <PinUnlock />;
  if (homeNow) {
    // Drawn now, in the first render: waiting for the effect to fix the address first
    // cost a frame and a second render on every cold start. The address follows.
    const Home = HOMES[homeNow];
    return <Home canSwitch={isChief} />;
  }
  if (route.name === 'settings') return <Settings />;
  if (route.name === 'job') return <JobDetail id={route.id} />;
  if (route.name === 'appeals') return <AppealsPage />;
  if (route.name === 'appeal') return <AppealDetail id={route.id} />;
  if (route.name === 'visits') return <VisitsPage />;
  if (route.name === 'visit') return <VisitDetail id={route.id} />;
  if (route.name === 'zones') return <ZonesPage />;
  if (route.name === 'zone') return <ZoneDetail id={route.id} />;
  if (route.name === 'handover') return <HandoverPage />;
  if (route.name === 'report') return isChief ? <MonthlyReport /> : null;
  if (route.name === 'ledger') return isChief ? <Ledger /> : null;
  if (route.name === 'station') return isChief ? <StationSettings /> : null;
  if (route.name === 'customers') return own === 'lineman' ? null : <CustomersPage />;
  if (route.name === 'role' && !wrongHome) {
    const Home = HOMES[route.role];
    return <Home canSwitch={isChief} />;
  }
  return null;
}

export function App({ secure }: { secure: boolean }) {
  // Re-render the whole tree on a language switch: every string comes from the locale.
  const [lang, setLang] = useState(0);
  useEffect(() => onLanguageChanged(() => setLang((n) => n + 1)), []);
  useEffect(() => installAutoLock(), []);
  const platform = usePlatform();
  if (!secure) return <InsecureNotice />;
  // Inside WeChat, QQ, DingTalk or WeCom: send the user to the system browser before any form.
  const inApp = platform.inApp && !platform.inAppDismissed ? platform.inApp : null;
  return (
    <div class="app" key={lang}>
      <TopBar />
      <ClockJumpBanner />
      <UpdatePrompt />
      <RejectionNotice />
      {inApp ? <InAppBrowserNotice app={inApp} ios={platform.ios} /> : <><InstallGuide /><Screen /></>}
    </div>
  );
}
