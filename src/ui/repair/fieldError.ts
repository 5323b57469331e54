import { t } from '../../i18n';
import type { IntakeErrorCode } from '../../domain/repair';

export function intakeErrorText(code: IntakeErrorCode | undefined): string | null {
  switch (code) {
    case 'required':
      return t('repair.errors.required');
    case 'phone.invalid':
      return t('repair.errors.phone.invalid');
    case 'tooLong':
      return t('repair.errors.tooLong');
    default:
      return null;
  }
}
