// The service administrator's notification settings page (/admin/notifications) in headless Chromium
// with JavaScript off: shows why messages wait, validates field by field, and a saved change releases
// a held message. Plain HTTP checks cover who may open it and cross-site posts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, submit } from '../support/chromium.ts';
import { queueMessage } from '../../processes/outbox/queue.ts';
import { createSpecialist } from '../support/education.ts';
import { messageWorkflowId } from '../../workflows/ids.ts';
import { eventually } from '../support/flow.ts';
import { signalCount } from '../support/history.ts';
import { PASSWORD, setUpActiveService } from '../support/invitations.ts';
import { moscowDateTime, todayAtUtc } from '../support/clock.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

// 23:00 in Moscow: outside the default 09:00–21:00 window.
const AT_23_MOSCOW = todayAtUtc(20);

describe('notification settings page', () => {
  let system: TestSystem;
  let org: Awaited<ReturnType<typeof setUpActiveService>>;
  let browser: Browser;
  before(async () => {
    system = await startTestSystem({ clock: () => AT_23_MOSCOW });
    org = await setUpActiveService(system, 'admin-notifications');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows the waiting message and why; a bad zone is refused; deferral off releases it', async () => {
    const to = 'held-page@romashka.ru';
    const { id } = await queueMessage(
      {
        em: system.db.orm.em.fork(),
        temporal: system.temporal,
        taskQueue: system.taskQueue,
        secret: system.secret,
      },
      {
        organizationId: org.orgId,
        kind: 'test_notice',
        channel: 'email',
        to,
        template: 'notice',
        data: { subject: 'Новости', paragraphs: ['Текст'] },
        urgent: false,
      },
    );
    await eventually(async () => {
      const [row] = await system.db.orm.em
        .fork()
        .execute<{ not_before: Date | null }[]>('select not_before from outbox_messages where id = ?', [id]);
      return row?.not_before ? true : undefined;
    }, 'the message held');

    const context = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: system.baseUrl,
      locale: 'ru-RU',
    });
    const page = await context.newPage();
    await page.goto('/admin/notifications');
    assert.match(page.url(), /\/login$/, 'anonymous visitors go to the login page');
    await page.fill('#login', org.adminPhone);
    await page.fill('#password', PASSWORD);
    assert.equal(await submit(page, 'Войти'), 200);

    const opened = await page.goto('/admin/notifications');
    assert.equal(opened?.status(), 200);
    assert.equal(await page.textContent('h1'), 'Настройки уведомлений');
    assert.equal(await page.isChecked('#deferralEnabled'), true);
    assert.equal(await page.inputValue('#sendWindowStart'), '09:00');
    assert.equal(await page.inputValue('#sendWindowEnd'), '21:00');
    assert.equal(await page.isChecked('#payslipRemindersEnabled'), false);
    assert.equal(await page.inputValue('#reminderDelayDays'), '3');
    assert.ok(await page.getByText('Выбрать время отправки уведомлений (отложенная отправка)').isVisible());
    const waiting = (await page.textContent('#waiting')) ?? '';
    assert.match(waiting, /test_notice · e-mail · h\*\*\*@romashka\.ru/);
    assert.ok(waiting.includes(moscowDateTime(todayAtUtc(6, 0, 1))), waiting);
    assert.match(waiting, /outside the send window 09:00–21:00 Europe\/Moscow/);
    await page.screenshot({ path: '/tmp/kabinet-admin-notifications.png', fullPage: true });

    await page.fill('#timeZone', 'Mars/Olympus');
    await page.uncheck('#deferralEnabled');
    assert.equal(await submit(page, 'Сохранить'), 422);
    assert.equal(
      await page.textContent('#timeZone-error'),
      'Неизвестный часовой пояс. Пример: Europe/Moscow',
    );
    assert.equal(await page.getAttribute('#timeZone', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#timeZone'), 'Mars/Olympus', 'what was typed is kept');
    assert.equal(await page.isChecked('#deferralEnabled'), false);
    // Nothing saved: the stored settings are the defaults still. Nothing released: a save signals the
    // held message's process before the page answers, and its history has no such signal.
    const stored = await system.db.orm.em
      .fork()
      .execute<{ n: string }[]>(
        'select count(*)::text as n from notification_settings where organization_id = ?',
        [org.orgId],
      );
    assert.equal(stored[0]?.n, '0', 'nothing saved');
    assert.equal(
      await signalCount(system.temporal.workflow.getHandle(messageWorkflowId(id)), 'recheck'),
      0,
      'nothing released',
    );
    assert.equal((await system.mail.letters(to)).length, 0);

    await page.fill('#timeZone', '');
    await page.check('#payslipRemindersEnabled');
    await page.fill('#reminderDelayDays', '5');
    await page.check('#managersSeeUnread');
    assert.equal(await submit(page, 'Сохранить'), 200);
    assert.ok(await page.isVisible('#form-saved'));
    assert.equal(await page.isChecked('#deferralEnabled'), false);
    assert.equal(await page.inputValue('#reminderDelayDays'), '5');

    const letter = await system.mail.waitForLetter(to);
    assert.equal(letter.subject, 'Новости');
    const settings = await org.api<{
      deferralEnabled: boolean;
      payslipRemindersEnabled: boolean;
      reminderDelayDays: number;
      managersSeeUnread: boolean;
      timeZone: string;
    }>('GET', `/v1/organizations/${org.orgId}/notification-settings`, { token: org.key });
    assert.deepEqual(
      {
        deferralEnabled: settings.body.deferralEnabled,
        payslipRemindersEnabled: settings.body.payslipRemindersEnabled,
        reminderDelayDays: settings.body.reminderDelayDays,
        managersSeeUnread: settings.body.managersSeeUnread,
        timeZone: settings.body.timeZone,
      },
      {
        deferralEnabled: false,
        payslipRemindersEnabled: true,
        reminderDelayDays: 5,
        managersSeeUnread: true,
        timeZone: 'Europe/Moscow',
      },
    );
    await context.close();
  });

  it('someone who administers no service gets 403; a cross-site post is refused', async () => {
    const plain = await createSpecialist(system);
    const page = await fetch(`${system.baseUrl}/admin/notifications`, {
      headers: { authorization: `Bearer ${plain.token}` },
      redirect: 'manual',
    });
    assert.equal(page.status, 403);
    assert.match(await page.text(), /только администратору сервиса/);

    const login = await org.api<{ token: string }>('POST', '/v1/auth/login', {
      body: { login: org.adminPhone, password: PASSWORD },
    });
    const crossSite = await fetch(`${system.baseUrl}/admin/notifications`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${login.body.token}`,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        sendWindowStart: '00:00',
        sendWindowEnd: '00:00',
        reminderDelayDays: '3',
        reminderMaxCount: '2',
      }),
      redirect: 'manual',
    });
    assert.equal(crossSite.status, 403);
    const settings = await org.api<{ sendWindowStart: string }>(
      'GET',
      `/v1/organizations/${org.orgId}/notification-settings`,
      {
        token: org.key,
      },
    );
    assert.equal(settings.body.sendWindowStart, '09:00');
  });
});
