import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { operatorToken } from '../../dev/local-secrets.ts';

describe('the local operator token', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kabinet-token-'));
    dirs.push(dir);
    return dir;
  };

  it('is generated once into .data/ and the same at the next start, readable by its owner only', async () => {
    const file = join(await tempDir(), '.data', 'operator-token');
    const first = await operatorToken({}, file);
    const second = await operatorToken({}, file);
    assert.equal(first.storedIn, file);
    assert.ok(first.token.length >= 16);
    assert.equal(second.token, first.token);
    assert.equal((await readFile(file, 'utf8')).trim(), first.token);
    assert.equal((await stat(file)).mode & 0o077, 0);
  });

  it('an explicit KABINET_OPERATOR_TOKEN wins and nothing is written', async () => {
    const file = join(await tempDir(), 'operator-token');
    const given = await operatorToken({ KABINET_OPERATOR_TOKEN: 'configured-token-123456' }, file);
    assert.deepEqual(given, { token: 'configured-token-123456', storedIn: null });
    await assert.rejects(stat(file), { code: 'ENOENT' });
  });
});
