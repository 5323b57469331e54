import { t } from '../../i18n';
import { appStore, useApp } from '../../state/store';
import { applyUpdate } from '../../state/update';

export function UpdatePrompt() {
  const ready = useApp((s) => s.updateReady);
  const dirty = useApp((s) => s.dirtyForms > 0);
  if (!ready) return null;
  return (
    <div class="update-prompt" role="alert" data-testid="update-prompt">
      <span>{t('update.available')}</span>
      {dirty ? <span class="hint">{t('update.finishFirst')}</span> : null}
      <button type="button" class="btn btn-primary" disabled={dirty} onClick={() => applyUpdate()}>
        {t('update.reload')}
      </button>
      <button type="button" class="btn btn-quiet" onClick={() => appStore.setState({ updateReady: false })}>
        {t('update.later')}
      </button>
    </div>
  );
}
