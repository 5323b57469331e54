import { t } from '../../i18n';
import { signOut, useSession } from '../../state/session';

export function UserMenu() {
  const { session } = useSession();
  if (!session) return null;
  return (
    <span class="user-menu">
      <span data-testid="signed-in-as">{t('login.signedInAs', { name: session.name, role: t(`role.${session.role}`) })}</span>
      <button type="button" class="btn btn-quiet" data-testid="sign-out" onClick={() => void signOut()}>
        {t('login.signOut')}
      </button>
    </span>
  );
}
