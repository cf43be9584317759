import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's baseline (19 MiB, 2 passes). The native addon runs on libuv's thread pool,
// so hashing never blocks the event loop.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which type stripping cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the login is unknown so both paths cost the same. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hashPassword(`decoy-${Math.random()}`));
