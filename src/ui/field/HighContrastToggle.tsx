import { t } from '../../i18n';
import { setHighContrast, useTheme } from '../../state/theme';

/** Sunlight mode: a plain checkbox in a 48 px row, remembered on this device. */
export function HighContrastToggle() {
  const { highContrast } = useTheme();
  return (
    <section data-testid="contrast-setting">
      <h2>{t('field.contrast.title')}</h2>
      <label class="check">
        <input type="checkbox" data-testid="high-contrast" checked={highContrast} onChange={(e) => setHighContrast(e.currentTarget.checked)} />
        <span>{t('field.contrast.label')}</span>
      </label>
      <p class="hint">{t('field.contrast.hint')}</p>
    </section>
  );
}
