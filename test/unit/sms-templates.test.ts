// SMS are paid per segment, and Cyrillic text is UCS-2: 70 characters in one SMS, 67 per part after.
// Every template in templates/sms/ must stay within its budget with realistic worst-case data.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { smsSegments } from '../../integrations/smsc/client.ts';
import { renderSms } from '../../templates/render.ts';

const SMS_DIR = new URL('../../templates/sms/', import.meta.url);
const TEMPLATES = readdirSync(SMS_DIR)
  .filter((file) => file.endsWith('.hbs'))
  .map((file) => file.slice(0, -'.hbs'.length));

const NAME_20 = 'Сотрудники «Ромашки»';
const NAME_30 = 'Кабинет сотрудника ООО Ромашка';
const NAME_60 = 'Личный кабинет сотрудника АО «Ромашка-Северо-Запад» (филиал)';
const LOCAL_URL = 'http://localhost:3000/s/romashka-long-slug';
const URL_40 = 'https://lk.romashka-group.ru/s/romashka1';

/** Every variable any SMS template uses, at its realistic worst. */
const data = (serviceName: string, url = LOCAL_URL) => ({
  serviceName,
  code: '987654',
  url,
  // Payslip notifications: the longest month name.
  period: 'сентябрь 2026',
  fullName: 'Иванова Анна Петровна',
});

describe('SMS templates', () => {
  it('the test data has the lengths it claims', () => {
    assert.deepEqual(
      [NAME_20, NAME_30, NAME_60, URL_40].map((s) => s.length),
      [20, 30, 60, 40],
    );
    assert.ok(TEMPLATES.includes('invitation-code'));
  });

  for (const name of TEMPLATES) {
    it(`${name}: at most 2 segments with a 30-character service name`, () => {
      const text = renderSms(name, data(NAME_30));
      assert.ok(smsSegments(text).segments <= 2, `${text} (${text.length})`);
    });
  }

  describe('invitation-code', () => {
    for (const url of [LOCAL_URL, URL_40]) {
      it(`one SMS (70 Cyrillic characters) with a 20-character name and ${url}`, () => {
        const text = renderSms('invitation-code', data(NAME_20, url));
        assert.deepEqual(smsSegments(text).segments, 1, `${text} (${text.length})`);
        assert.equal(smsSegments(text).encoding, 'ucs2');
      });
    }

    it('at most 2 segments with a 60-character name', () => {
      for (const url of [LOCAL_URL, URL_40]) {
        const text = renderSms('invitation-code', data(NAME_60, url));
        assert.ok(smsSegments(text).segments <= 2, `${text} (${text.length})`);
      }
    });

    it('keeps the service name, the code and the link, in Russian', () => {
      const text = renderSms('invitation-code', data(NAME_30));
      assert.equal(text, 'Кабинет сотрудника ООО Ромашка: код 987654, localhost:3000/s/romashka-long-slug');
      assert.ok(
        renderSms('invitation-code', data(NAME_20, URL_40)).endsWith(' lk.romashka-group.ru/s/romashka1'),
      );
    });
  });
});

describe('payslip SMS', () => {
  // The short link of a payslip (`/p/` + 22 characters) on a 20-character host.
  const PAYSLIP_URL = 'https://lk.romashka-group.ru/p/bxwbjkpDS06dOB0fPT8_Pw';
  for (const name of ['payslip-published', 'payslip-reminder']) {
    it(`${name}: at most 2 segments with a 30-character name and a real short link`, () => {
      const text = renderSms(name, data(NAME_30, PAYSLIP_URL));
      assert.ok(smsSegments(text).segments <= 2, `${text} (${text.length})`);
      assert.ok(
        text.includes('сентябрь 2026') && text.endsWith(' lk.romashka-group.ru/p/bxwbjkpDS06dOB0fPT8_Pw'),
        text,
      );
    });
  }
});
