import { t } from '../../i18n';
import { ROLES, chooseRole, type Role } from '../../state/store';

/** Until accounts exist, any role's home is one tap away. */
export function RoleSwitch({ current }: { current: Role }) {
  return (
    <nav class="role-switch" aria-label={t('role.switch')}>
      {ROLES.filter((r) => r !== current).map((role) => (
        <button key={role} type="button" class="btn btn-quiet" data-testid={`switch-${role}`} onClick={() => chooseRole(role)}>
          {t(`role.${role}`)}
        </button>
      ))}
    </nav>
  );
}
