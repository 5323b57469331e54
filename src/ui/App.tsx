import { useEffect, useState } from 'preact/hooks';
import { onLanguageChanged } from '../i18n';
import { usePlatform } from '../state/platform';
import { installAutoLock } from '../state/pin';
import { useSession } from '../state/session';
import { homeRoleOf, navigate, useApp, type Role } from '../state/store';
import { AppealDetail } from './appeals/AppealDetail';
import { AppealsPage } from './appeals/AppealsPage';
import { CustomersPage } from './customers/CustomersPage';
import { PinUnlock } from './access/PinUnlock';
import { Login } from './Login';
import { JobDetail } from './repair/JobDetail';
import { ChiefHome } from './roles/ChiefHome';
import { ClerkHome } from './roles/ClerkHome';
import { LinemanHome } from './roles/LinemanHome';
import { Settings } from './Settings';
import { ClockJumpBanner } from './clocks';
import { InAppBrowserNotice, InstallGuide } from './field';
import { InsecureNotice } from './shell/InsecureNotice';
import { TopBar } from './shell/TopBar';
import { UpdatePrompt } from './shell/UpdatePrompt';
import { VisitDetail } from './visits/VisitDetail';
import { VisitsPage } from './visits/VisitsPage';
import { HandoverPage } from './handover/HandoverPage';
import { ZoneDetail } from './zones/ZoneDetail';
import { ZonesPage } from './zones/ZonesPage';
import { Ledger } from './chief/Ledger';
import { MonthlyReport } from './chief/MonthlyReport';

const HOMES: Record<Role, (p: { canSwitch: boolean }) => preact.JSX.Element> = { lineman: LinemanHome, clerk: ClerkHome, chief: ChiefHome };

function Screen() {
  const route = useApp((s) => s.route);
  const { status, session } = useSession();
  const own = session ? homeRoleOf(session.role) : null;
  const isChief = own === 'chief';
  // Anyone but the chief only ever sees their own role's home.
  const wrongHome = route.name === 'role' && own !== null && !isChief && route.role !== own;
  useEffect(() => {
    if (own && (route.name === 'home' || wrongHome)) navigate({ name: 'role', role: own }, true);
  }, [route, own, wrongHome]);
  if (status === 'loading') return null;
  if (status === 'signedOut') return <Login />;
  // Locked: nothing of anyone's data is drawn until the PIN is given.
  if (status === 'locked') return <PinUnlock />;
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
      {inApp ? <InAppBrowserNotice app={inApp} ios={platform.ios} /> : <><InstallGuide /><Screen /></>}
    </div>
  );
}
