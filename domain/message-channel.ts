// Which channel a message goes by: the kind says which channels suit it, in order of preference,
// and the person's contacts say which of those can reach them.

export type MessageChannel = 'sms' | 'email';

/** Preferred channels per message kind. Kinds not listed prefer SMS, then e-mail. */
const PREFERENCES: Readonly<Record<string, readonly MessageChannel[]>> = {
  // Everyone has a phone in their HR record; a short SMS with a link is read soonest.
  payslip_published: ['sms', 'email'],
  payslip_reminder: ['sms', 'email'],
  // A code for the person at the screen right now: the phone in their hand first.
  deletion_code: ['sms', 'email'],
  // A longer notice for an administrator (who always has an e-mail), with details worth keeping.
  trial_ending: ['email'],
  // Letters that prove the address itself: only e-mail will do.
  registration_confirmation: ['email'],
  password_recovery: ['email'],
  news_confirmation: ['email'],
};
const DEFAULT_PREFERENCE: readonly MessageChannel[] = ['sms', 'email'];

export interface Contacts {
  /** A normalised mobile phone (+79XXXXXXXXX), if any. */
  phone?: string | null;
  email?: string | null;
}

/** The channel and address a message of `kind` goes to, or null when none of its channels reaches the person. */
export function chooseChannel(
  kind: string,
  contacts: Contacts,
): { channel: MessageChannel; to: string } | null {
  for (const channel of PREFERENCES[kind] ?? DEFAULT_PREFERENCE) {
    const to = channel === 'sms' ? contacts.phone : contacts.email;
    if (to) return { channel, to };
  }
  return null;
}
