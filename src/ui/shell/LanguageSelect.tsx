import { LANGUAGES, currentLanguage, setLanguage, t, type Language } from '../../i18n';

export function LanguageSelect() {
  return (
    <label class="lang-select">
      <span class="visually-hidden">{t('settings.language')}</span>
      <select
        value={currentLanguage()}
        onChange={(e) => void setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
        data-testid="lang-select"
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
