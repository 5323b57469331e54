import { useEffect, useState } from 'preact/hooks';
import { onLanguageChanged } from '../i18n';
import { navigate, useApp, type Role } from '../state/store';
import { ChiefHome } from './roles/ChiefHome';
import { ClerkHome } from './roles/ClerkHome';
import { LinemanHome } from './roles/LinemanHome';
import { RoleChooser } from './roles/RoleChooser';
import { Settings } from './Settings';
import { InsecureNotice } from './shell/InsecureNotice';
import { TopBar } from './shell/TopBar';
import { UpdatePrompt } from './shell/UpdatePrompt';

const HOMES: Record<Role, () => preact.JSX.Element> = { lineman: LinemanHome, clerk: ClerkHome, chief: ChiefHome };

function Screen() {
  const route = useApp((s) => s.route);
  const role = useApp((s) => s.role);
  useEffect(() => {
    if (route.name === 'home' && role) navigate({ name: 'role', role }, true);
  }, [route, role]);
  if (route.name === 'settings') return <Settings />;
  if (route.name === 'role') {
    const Home = HOMES[route.role];
    return <Home />;
  }
  return <RoleChooser />;
}

export function App({ secure }: { secure: boolean }) {
  // Re-render the whole tree on a language switch: every string comes from the locale.
  const [lang, setLang] = useState(0);
  useEffect(() => onLanguageChanged(() => setLang((n) => n + 1)), []);
  if (!secure) return <InsecureNotice />;
  return (
    <div class="app" key={lang}>
      <TopBar />
      <UpdatePrompt />
      <Screen />
    </div>
  );
}
