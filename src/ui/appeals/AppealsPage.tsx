import { t } from '../../i18n';
import { useAppeals } from '../../state/appeals';
import { useSession } from '../../state/session';
import { homeRoleOf } from '../../state/store';
import { AppealForm } from './AppealForm';
import { AppealList } from './AppealList';
import { RegisterNav } from './RegisterNav';
import './appeals.css';

export function AppealsPage() {
  const appeals = useAppeals();
  const { session } = useSession();
  const role = session ? homeRoleOf(session.role) : 'lineman';
  return (
    <main class="page layout-wide" data-testid="appeals-page">
      <RegisterNav current="appeals" />
      <h1>{t('appeal.title')}</h1>
      <div class={role === 'lineman' ? '' : 'two-col'}>
        {role === 'lineman' ? null : <AppealForm onRegistered={() => undefined} />}
        <section>
          <h2>{t('appeal.list')}</h2>
          <AppealList appeals={appeals} testId="appeal-list" />
        </section>
      </div>
    </main>
  );
}
