import { t } from '../../i18n';

/** Reason codes from the access screens and the server, in the user's language. */
export function accessError(code: string, retryAfterSeconds?: number): string {
  switch (code) {
    case 'required':
      return t('access.errors.required');
    case 'network':
      return t('access.errors.network');
    case 'setup.bad_code':
      return t('access.errors.badSetupCode');
    case 'setup.done':
      return t('access.errors.setupDone');
    case 'station.bad_code':
      return t('access.errors.badStationCode');
    case 'user.password_too_short':
      return t('access.errors.passwordShort');
    case 'user.exists':
      return t('access.errors.userExists');
    case 'user.bad_username':
      return t('access.errors.badUsername');
    case 'auth.forbidden':
      return t('access.errors.forbidden');
    case 'staff.self':
      return t('access.errors.self');
    case 'pin.format':
      return t('access.errors.pinFormat');
    case 'pin.mismatch':
      return t('access.errors.pinMismatch');
    case 'auth.throttled':
      return t('access.errors.throttled', { seconds: retryAfterSeconds ?? 60 });
    default:
      return t('access.errors.unknown', { code });
  }
}
