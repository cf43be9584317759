// The block `npm start` prints once everything answers: where things are and a first request to try.

export type BannerInfo = {
  apiUrl: string;
  temporalUiUrl: string;
  /** The local SMSC server's outbox page; undefined when a real SMSC_URL is configured. */
  smsOutboxUrl: string | undefined;
  smscUrl: string;
  /** The local SMTP catcher's letters page; undefined when a real SMTP_URL is configured. */
  mailOutboxUrl?: string | undefined;
  /** SMTP_URL as configured (shown when no catcher runs). */
  smtpUrl?: string;
  /** The database URL as it may be shown (see redactPassword). */
  database: string;
  operatorToken: string;
  /** Where the local token is kept (the same at every start); null when KABINET_OPERATOR_TOKEN is set. */
  operatorTokenFile: string | null;
  readyInMs: number;
};

export function readyBanner(info: BannerInfo): string {
  const rows: [string, string][] = [
    ['API', info.apiUrl],
    ['API docs', `${info.apiUrl}/docs`],
    ['OpenAPI', `${info.apiUrl}/openapi.json`],
    ['Temporal UI', info.temporalUiUrl],
    info.smsOutboxUrl ? ['SMS outbox', info.smsOutboxUrl] : ['SMS', `${info.smscUrl} (configured)`],
    info.mailOutboxUrl ? ['E-mail outbox', info.mailOutboxUrl] : ['E-mail', `${redactPassword(info.smtpUrl ?? '')} (configured)`],
    ['Database', info.database],
    [
      'Operator token',
      info.operatorTokenFile
        ? `${info.operatorToken}  (kept in ${info.operatorTokenFile}; KABINET_OPERATOR_TOKEN overrides it)`
        : `${info.operatorToken}  (KABINET_OPERATOR_TOKEN)`,
    ],
  ];
  const line = '─'.repeat(78);
  return [
    '',
    line,
    `  kabinet is running (ready in ${(info.readyInMs / 1000).toFixed(1)} s)`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(16)}${value}`),
    '',
    '  Try it: create an organization',
    `    curl -X POST ${info.apiUrl}/v1/organizations \\`,
    `      -H 'Authorization: Bearer ${info.operatorToken}' -H 'Content-Type: application/json' \\`,
    `      -d '{"name":"ООО Ромашка","inn":"7707083893"}'`,
    '',
    '  Ctrl-C stops everything; data stays in .data/ for the next start.',
    line,
    '',
  ].join('\n');
}

export function redactPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
