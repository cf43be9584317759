// schemathesis (PyPI), pinned, in a virtualenv under the project's cache: installed on first use.
import { spawn } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SCHEMATHESIS_VERSION = '4.32.5';

function run(command: string, args: string[], log: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      let rest = '';
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) log(line);
      });
      stream.on('end', () => rest && log(rest));
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The schemathesis executable, installing it into ~/.cache/kabinet/schemathesis-<version> once. */
export async function ensureSchemathesis(say: (msg: string) => void): Promise<string> {
  const root = join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kabinet');
  const venv = join(root, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const binary = join(venv, 'bin', 'schemathesis');
  try {
    await access(binary);
    return binary;
  } catch {
    // installed below
  }
  await mkdir(root, { recursive: true });
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv} (first time only)…`);
  const python = process.env['PYTHON'] || 'python3';
  const tail: string[] = [];
  const keep = (line: string) => void (tail.push(line) > 20 && tail.shift());
  if ((await run(python, ['-m', 'venv', venv], keep)) !== 0) {
    throw new Error(`could not create a virtualenv with ${python} (python3 with venv is needed):\n${tail.join('\n')}`);
  }
  const pip = join(venv, 'bin', 'pip');
  if ((await run(pip, ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], keep)) !== 0) {
    throw new Error(`pip could not install schemathesis ${SCHEMATHESIS_VERSION}:\n${tail.join('\n')}`);
  }
  return binary;
}

export interface FuzzRun {
  name: string;
  schemaUrl: string;
  token?: string;
  /** Fixed path parameters, e.g. the actor's own organization (else every call is a 404). */
  pathParameters: Record<string, string>;
  excludeOperationIds?: string[];
  seconds: number;
  reportDir: string;
}

/** The checks: all of them but positive_data_acceptance (the schema cannot express checksums). */
export const CHECKS = { include: 'all', exclude: 'positive_data_acceptance' } as const;

export async function runSchemathesis(binary: string, fuzz: FuzzRun, log: (line: string) => void): Promise<number> {
  const config = join(fuzz.reportDir, `${fuzz.name}.toml`);
  const parameters = Object.entries(fuzz.pathParameters)
    .map(([name, value]) => `"path.${name}" = ${JSON.stringify(value)}`)
    .join('\n');
  await writeFile(config, `[parameters]\n${parameters}\n`);
  const args = [
    '--config-file',
    config,
    'run',
    fuzz.schemaUrl,
    '--checks',
    CHECKS.include,
    '--exclude-checks',
    CHECKS.exclude,
    '--phases',
    'coverage,fuzzing,stateful',
    '--max-time',
    String(fuzz.seconds),
    // One worker: hypothesis's data generation is not thread-safe in this version (seen: "AST
    // constructor recursion depth mismatch" runtime errors with two).
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--continue-on-failure',
    '--report',
    'junit',
    '--report-dir',
    join(fuzz.reportDir, fuzz.name),
    ...(fuzz.token ? ['--header', `Authorization: Bearer ${fuzz.token}`] : []),
    ...(fuzz.excludeOperationIds ?? []).flatMap((id) => ['--exclude-operation-id', id]),
  ];
  return run(binary, args, log);
}
