import { t } from '../../i18n';
import { ROLES, navigate, type Role } from '../../state/store';

/** The chief sees the station through every role's home. */
export function RoleSwitch({ current }: { current: Role }) {
  return (
    <nav class="role-switch" aria-label={t('role.switch')}>
      {ROLES.filter((r) => r !== current).map((role) => (
        <button key={role} type="button" class="btn" data-testid={`switch-${role}`} onClick={() => navigate({ name: 'role', role })}>
          {t(`role.${role}`)}
        </button>
      ))}
    </nav>
  );
}
