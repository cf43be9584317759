// Secrets for the local stack when none are configured.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// config/env.ts demands at least this many characters.
const MIN_LENGTH = 16;

/**
 * KABINET_OPERATOR_TOKEN when set; otherwise the local stack's own token, generated once into `file`
 * (next to the local secret) so scripts and copied curl commands keep working across restarts.
 */
export async function operatorToken(
  env: NodeJS.ProcessEnv,
  file: string,
): Promise<{ token: string; storedIn: string | null }> {
  const configured = env['KABINET_OPERATOR_TOKEN'];
  if (configured) return { token: configured, storedIn: null };
  return { token: await persistentSecret(file), storedIn: file };
}

/**
 * The HMAC key for one-time codes must outlive restarts, or codes sent before one stop verifying:
 * it is generated once and kept in `file`, readable by the owner only.
 */
export async function persistentSecret(file: string): Promise<string> {
  const existing = await readSecret(file);
  if (existing) return existing;

  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  try {
    // link() never replaces a file: when two starts race, both end up with the first one's secret.
    await link(tmp, file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  } finally {
    await rm(tmp, { force: true });
  }
  const secret = await readSecret(file);
  if (!secret) throw new Error(`could not create ${file}`);
  return secret;
}

async function readSecret(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (${MIN_LENGTH}+ characters): set KABINET_SECRET, or delete the file ` +
        'to generate a new one (one-time codes already sent will no longer verify)',
    );
  }
  return secret;
}
