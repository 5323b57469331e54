import { t } from '../../i18n';
import { ROLES, chooseRole } from '../../state/store';

export function RoleChooser() {
  return (
    <main class="page page-narrow" data-testid="role-chooser">
      <h1>{t('role.chooseTitle')}</h1>
      <p class="hint">{t('role.chooseHint')}</p>
      <ul class="role-list">
        {ROLES.map((role) => (
          <li key={role}>
            <button type="button" class="role-card" data-testid={`choose-${role}`} onClick={() => chooseRole(role)}>
              <strong>{t(`role.${role}`)}</strong>
              <span>{t(`role.${role}Hint`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
