/**
 * What a password must be to be accepted (activation, registration, reset). Length is what matters
 * most (NIST SP 800-63B): at least 8 characters, no composition rules, plus a refusal of the few
 * passwords every guessing list starts with. The upper bound of 128 keeps hashing cost bounded.
 * Characters are counted as Unicode code points, so "пароль" is 6 characters, not 12 bytes.
 * Comparison with the common list ignores case and surrounding spaces.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** The head of the public leaked-password lists, plus Russian-keyboard favourites. */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [
    '12345678 123456789 1234567890 87654321 11111111 00000000 password password1 password123 passw0rd',
    'p@ssw0rd qwerty123 qwerty1234 qwertyui qwertyuiop 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx qweasdzxc',
    '123qweasd asdfghjkl abc12345 abcd1234 iloveyou sunshine princess football welcome1 admin123',
    'administrator letmein1 trustno1 йцукен123 йцукенгш йцукенгшщз пароль123 пароль12345 kabinet123',
  ]
    .join(' ')
    .split(' '),
);

export type PasswordErrorCode = 'too_short' | 'too_long' | 'all_digits' | 'repeated_character' | 'too_common';

export type PasswordCheck = { ok: true } | { ok: false; code: PasswordErrorCode; reason: string };

function fail(code: PasswordErrorCode, reason: string): PasswordCheck {
  return { ok: false, code, reason };
}

export function checkPasswordStrength(password: string): PasswordCheck {
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_LENGTH) {
    return fail('too_short', `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов.`);
  }
  if (characters.length > PASSWORD_MAX_LENGTH) {
    return fail('too_long', `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов.`);
  }
  if (/^\d+$/.test(password)) return fail('all_digits', 'Пароль не может состоять только из цифр.');
  if (characters.every((c) => c === characters[0])) {
    return fail('repeated_character', 'Пароль не может состоять из одного повторяющегося символа.');
  }
  if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) {
    return fail('too_common', 'Этот пароль слишком распространён, выберите другой.');
  }
  return { ok: true };
}
