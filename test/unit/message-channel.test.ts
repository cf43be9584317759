import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseChannel } from '../../domain/message-channel.ts';

const phone = '+79161234567';
const email = 'anna@romashka.ru';

describe('chooseChannel: by the message kind and the person’s contacts', () => {
  const cases: [
    kind: string,
    contacts: { phone?: string | null; email?: string | null },
    expected: string | null,
  ][] = [
    ['payslip_published', { phone, email }, `sms ${phone}`],
    ['payslip_published', { phone: null, email }, `email ${email}`],
    ['payslip_published', { phone: null, email: null }, null],
    ['payslip_reminder', { email }, `email ${email}`],
    ['deletion_code', { phone, email }, `sms ${phone}`],
    ['deletion_code', { email }, `email ${email}`],
    ['trial_ending', { phone, email }, `email ${email}`],
    ['trial_ending', { phone }, null],
    ['password_recovery', { phone, email }, `email ${email}`],
    ['password_recovery', { phone }, null],
    ['registration_confirmation', { phone }, null],
    ['something_new', { phone, email }, `sms ${phone}`],
    ['something_new', { email: '' }, null],
  ];
  for (const [kind, contacts, expected] of cases) {
    it(`${kind} with ${JSON.stringify(contacts)} → ${expected ?? 'nobody'}`, () => {
      const chosen = chooseChannel(kind, contacts);
      assert.equal(chosen ? `${chosen.channel} ${chosen.to}` : null, expected);
    });
  }
});
