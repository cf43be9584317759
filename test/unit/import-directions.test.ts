// The import directions of ARCHITECTURE.md are lint rules: a wrong-way import in each folder fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** Lints `code` as if it were `file`, with the import rule the project's config gives that file. */
async function importProblems(file: string, code: string): Promise<string[]> {
  const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, Linter.RuleEntry> };
  const rule = config.rules?.['no-restricted-imports'];
  assert.ok(rule, `${file} has an import rule`);
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        rules: { 'no-restricted-imports': rule },
      },
    ],
    file,
  );
  return messages.map((m) => m.message);
}

const CASES: [file: string, code: string, allowed: boolean][] = [
  ['api/organizations/routes.ts', "import { createActivities } from '../../activities/index.ts';", false],
  [
    'api/organizations/routes.ts',
    "import { createKabinetWorker } from '../../worker/create-worker.ts';",
    false,
  ],
  ['api/organizations/routes.ts', "import { startInvitation } from '../../processes/invitation.ts';", true],
  ['domain/phone.ts', "import { Employee } from '../db/entities/index.ts';", false],
  ['domain/phone.ts', "import { randomInt } from 'node:crypto';", false],
  ['domain/phone.ts', "import { normalizeEmail } from './email.ts';", true],
  ['workflows/invitation.ts', "import { sha256 } from '../integrations/crypto/tokens.ts';", false],
  ['workflows/invitation.ts', "import { randomUUID } from 'node:crypto';", false],
  ['workflows/invitation.ts', "import { startInvitation } from '../processes/invitation.ts';", false],
  ['workflows/invitation.ts', "import type { Activities } from '../activities/index.ts';", true],
  ['workflows/invitation.ts', "import { createActivities } from '../activities/index.ts';", false],
  ['activities/batch-activities.ts', "import { invitation } from '../workflows/invitation.ts';", false],
  [
    'activities/batch-activities.ts',
    "import type { InvitationInput } from '../workflows/invitation.ts';",
    true,
  ],
  ['activities/batch-activities.ts', "import { ApiError } from '../api/http/errors.ts';", false],
  ['processes/invitation.ts', "import { createActivities } from '../activities/index.ts';", false],
  [
    'db/seeds/licence-seed.ts',
    "import { createProductService } from '../../api/products/service.ts';",
    false,
  ],
  ['integrations/smsc/client.ts', "import { Employee } from '../../db/entities/index.ts';", false],
];

describe('import directions (lint)', () => {
  for (const [file, code, allowed] of CASES) {
    it(`${allowed ? 'allows' : 'refuses'} in ${file}: ${code}`, async () => {
      const problems = await importProblems(file, code);
      if (allowed) assert.deepEqual(problems, []);
      else
        assert.equal(
          problems.length,
          1,
          `expected the import to be refused, got ${JSON.stringify(problems)}`,
        );
    });
  }
});
