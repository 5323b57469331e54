import { t } from '../../i18n';
import { useSession } from '../../state/session';
import { homeRoleOf, navigate } from '../../state/store';

type Place = 'home' | 'appeals' | 'visits' | 'customers';

/** A small nav to the appeal register, the visits and the customer directory. */
export function RegisterNav({ current = 'home' }: { current?: Place }) {
  const { session } = useSession();
  const role = session ? homeRoleOf(session.role) : 'lineman';
  const places: Place[] = role === 'lineman' ? ['home', 'appeals', 'visits'] : ['home', 'appeals', 'visits', 'customers'];
  const label = (p: Place) => (p === 'home' ? t('nav.home') : p === 'appeals' ? t('appeal.nav') : p === 'visits' ? t('visit.nav') : t('customer.nav'));
  return (
    <nav class="register-nav" aria-label={t('nav.main')}>
      {places.map((p) => (
        <button
          key={p}
          type="button"
          class={p === current ? 'btn btn-primary' : 'btn'}
          aria-current={p === current ? 'page' : undefined}
          data-testid={`nav-${p}`}
          onClick={() => navigate({ name: p })}
        >
          {label(p)}
        </button>
      ))}
    </nav>
  );
}
