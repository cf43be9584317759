// The SMTP mailer against the local catcher (dev/smtp-server.ts): what arrives, and how failures are classified.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtpCatcher, type RunningSmtpCatcher } from '../../dev/smtp-server.ts';
import { classifyMailError, createMailer, MailError, type Mailer } from '../../integrations/email/mailer.ts';
import { renderEmail } from '../../templates/render.ts';

describe('mailer', () => {
  let catcher: RunningSmtpCatcher;
  let mailer: Mailer;
  before(async () => {
    catcher = await startSmtpCatcher();
    mailer = createMailer({
      url: catcher.smtpUrl,
      from: 'kabinet <no-reply@kabinet.local>',
      timeoutMs: 3000,
    });
  });
  after(async () => {
    mailer?.close();
    await catcher?.close();
  });

  it('delivers subject, text and HTML with the stable Message-ID, readable over HTTP', async () => {
    const letter = renderEmail('notice', {
      subject: 'Проверка <связи>',
      paragraphs: ['Здравствуйте, Анна & Co.'],
      link: { url: 'https://example.ru/?a=1&b=2', label: 'Открыть' },
    });
    const sent = await mailer.send({ messageId: 'msg-test-1', to: 'anna@romashka.ru', ...letter });
    assert.match(sent.response, /^250/);
    const response = await fetch(`${catcher.url}/letters?to=ANNA@romashka.ru`);
    const letters = (await response.json()) as {
      messageId: string;
      subject: string;
      text: string;
      html: string;
      to: string[];
      from: string;
    }[];
    assert.equal(letters.length, 1);
    const [got] = letters;
    assert.equal(got!.messageId, '<msg-test-1@kabinet>');
    assert.equal(got!.subject, 'Проверка <связи>');
    assert.deepEqual(got!.to, ['anna@romashka.ru']);
    assert.match(got!.from, /no-reply@kabinet\.local/);
    assert.match(got!.text, /Здравствуйте, Анна & Co\./);
    assert.match(got!.text, /Открыть: https:\/\/example\.ru\/\?a=1&b=2/);
    assert.match(got!.html, /Проверка &lt;связи&gt;/);
    assert.match(got!.html, /Анна &amp; Co\./);
    assert.equal(
      ((await (await fetch(`${catcher.url}/letters?to=nobody@romashka.ru`)).json()) as unknown[]).length,
      0,
    );
  });

  it('SMTP 4xx is transient, 5xx permanent; the next letter goes through', async () => {
    const res = await fetch(`${catcher.url}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reject: 1, code: 451 }),
    });
    assert.equal(res.status, 201);
    const message = { messageId: 'msg-test-2', to: 'petr@romashka.ru', subject: 'Тема', text: 'Текст' };
    const deferred = await mailer.send(message).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(deferred instanceof MailError);
    assert.equal(deferred.kind, 'transient');
    assert.equal(deferred.responseCode, 451);

    catcher.faults.add({ reject: 1, code: 550 });
    const refused = await mailer.send(message).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof MailError);
    assert.equal(refused.kind, 'permanent');
    assert.equal(refused.responseCode, 550);
    assert.equal(catcher.letters('petr@romashka.ru').length, 0);

    await mailer.send(message);
    const letters = catcher.letters('petr@romashka.ru');
    assert.equal(letters.length, 1);
    assert.equal(letters[0]!.messageId, '<msg-test-2@kabinet>');
  });

  it('no SMTP server is transient', async () => {
    const closed = await startSmtpCatcher();
    const url = closed.smtpUrl;
    await closed.close();
    const nowhere = createMailer({ url, from: 'kabinet <no-reply@kabinet.local>', timeoutMs: 2000 });
    try {
      const error = await nowhere.send({ messageId: 'msg-x', to: 'a@b.ru', subject: 's', text: 't' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof MailError);
      assert.equal(error.kind, 'transient');
    } finally {
      nowhere.close();
    }
  });

  it('classifies raw errors', () => {
    assert.equal(classifyMailError({ responseCode: 554, response: '554 5.7.1 rejected' }).kind, 'permanent');
    assert.equal(classifyMailError({ responseCode: 421 }).kind, 'transient');
    assert.equal(classifyMailError({ code: 'ETIMEDOUT' }).kind, 'transient');
    assert.equal(classifyMailError({ code: 'EENVELOPE' }).kind, 'permanent');
    assert.equal(classifyMailError(new Error('boom')).kind, 'transient');
  });
});
