import { reasonMessage, t } from '../../i18n';
import type { AppealErrorCode } from '../../domain/appeals';

export function appealErrorText(code: AppealErrorCode | undefined): string | null {
  switch (code) {
    case 'required':
      return t('appeal.errors.required');
    case 'phone.invalid':
      return t('appeal.errors.phone.invalid');
    case 'tooLong':
      return t('appeal.errors.tooLong');
    default:
      return null;
  }
}

/** A failed step or save, in the user's language. */
export function appealFailure(code: string): string {
  switch (code) {
    case 'appeal.handler.required':
      return t('appeal.errors.blocked.handler');
    case 'appeal.reply.required':
      return t('appeal.errors.blocked.reply');
    case 'appeal.resultUpward.required':
      return t('appeal.errors.blocked.resultUpward');
    default:
      return t('appeal.errors.save', { reason: reasonMessage(code) });
  }
}
