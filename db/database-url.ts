/** Only DATABASE_URL is needed to migrate; the full config would demand API secrets too. */
export function loadEnvForDatabase(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (e.g. postgres://user:pass@127.0.0.1:5432/kabinet)');
  return url;
}
