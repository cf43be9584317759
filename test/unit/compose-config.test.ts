import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// docker-compose.yml is written for users and never run here (no Docker engine): these checks catch
// what would make `docker compose up` fail or misbehave, without an engine.

const root = fileURLToPath(new URL('../../', import.meta.url));
const composeText = readFileSync(`${root}docker-compose.yml`, 'utf8');
const envExampleText = readFileSync(`${root}.env.example`, 'utf8');
const dockerfileText = readFileSync(`${root}Dockerfile`, 'utf8');

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: unknown, what: string): Mapping {
  assert.ok(isMapping(value), `${what} should be a mapping`);
  return value;
}

// --- compose variable interpolation: $$ escapes, $NAME, ${NAME}, ${NAME:-default}, ${NAME:?message}, … ---

interface VariableReference {
  name: string;
  /** '' for a plain reference, otherwise one of :- - :? ? :+ + */
  operator: string;
  argument: string;
}

/** Walks a string the way compose does, calling `onReference` and building the substituted result. */
function substitute(text: string, onReference: (ref: VariableReference) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      // The argument may itself hold braces ("{slug}"), so match them rather than stop at the first "}".
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      assert.equal(depth, 0, `unterminated \${ in ${JSON.stringify(text)}`);
      const body = text.slice(i + 2, j - 1);
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      assert.ok(match, `malformed variable reference \${${body}}`);
      out += onReference({ name: match[1] ?? '', operator: match[2] ?? '', argument: match[3] ?? '' });
      i = j;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (bare) {
      out += onReference({ name: bare[0], operator: '', argument: '' });
      i += 1 + bare[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function collectReferences(value: unknown, into: VariableReference[] = []): VariableReference[] {
  if (typeof value === 'string') substitute(value, (ref) => (into.push(ref), ''));
  else if (Array.isArray(value)) value.forEach((v) => collectReferences(v, into));
  else if (isMapping(value)) Object.values(value).forEach((v) => collectReferences(v, into));
  return into;
}

function interpolate(value: unknown, env: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    return substitute(value, ({ name, operator, argument }) => {
      const current = env.get(name);
      const unset = current === undefined;
      const empty = unset || current === '';
      switch (operator) {
        case ':-':
          return empty ? String(interpolate(argument, env)) : current;
        case '-':
          return unset ? String(interpolate(argument, env)) : current;
        case ':?':
        case '?':
          assert.ok(operator === ':?' ? !empty : !unset, `required variable ${name}: ${argument}`);
          return current ?? '';
        case ':+':
          return empty ? '' : String(interpolate(argument, env));
        case '+':
          return unset ? '' : String(interpolate(argument, env));
        default:
          return current ?? '';
      }
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (isMapping(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

// --- .env.example: "NAME=value" sets a variable, "# NAME=value" documents an optional one ---

function readEnvExample(text: string): { set: Map<string, string>; documented: Set<string> } {
  const set = new Map<string, string>();
  const documented = new Set<string>();
  for (const line of text.split('\n')) {
    const active = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (active?.[1] !== undefined) {
      set.set(active[1], active[2] ?? '');
      documented.add(active[1]);
      continue;
    }
    const commented = /^#\s*([A-Z_][A-Z0-9_]*)=/.exec(line);
    if (commented?.[1] !== undefined) documented.add(commented[1]);
  }
  return { set, documented };
}

const compose = mapping(parse(composeText), 'docker-compose.yml');
const services = mapping(compose.services, 'services');
const serviceNames = Object.keys(services);
const envExample = readEnvExample(envExampleText);
const references = collectReferences(compose);

// Interpolated on first use, so a missing required variable fails the tests that need it, by name.
let resolvedServices: Mapping | undefined;

function service(name: string): Mapping {
  resolvedServices ??= mapping(
    mapping(interpolate(compose, envExample.set), 'compose file').services,
    'services',
  );
  return mapping(resolvedServices[name], `service ${name}`);
}

function dependsOn(name: string): Map<string, string> {
  const raw = service(name).depends_on;
  if (raw === undefined) return new Map();
  if (Array.isArray(raw)) return new Map(raw.map((target) => [String(target), 'service_started']));
  return new Map(
    Object.entries(mapping(raw, `${name}.depends_on`)).map(([target, spec]) => [
      target,
      scalar(mapping(spec, `${name}.depends_on.${target}`).condition ?? 'service_started'),
    ]),
  );
}

function environment(name: string): Map<string, string> {
  const raw = service(name).environment;
  if (raw === undefined) return new Map();
  if (Array.isArray(raw)) {
    return new Map(
      raw.map((entry) => {
        const text = String(entry);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  return new Map(Object.entries(mapping(raw, `${name}.environment`)).map(([k, v]) => [k, scalar(v ?? '')]));
}

interface HostPort {
  /** '*' when published on every interface */
  ip: string;
  port: string;
}

/** Host side of published ports: "127.0.0.1:7233:7233" → 127.0.0.1 7233, "3000:3000" → * 3000. */
function publishedPorts(name: string): HostPort[] {
  const raw = service(name).ports;
  if (raw === undefined) return [];
  assert.ok(Array.isArray(raw), `${name}.ports should be a list`);
  return raw.map((entry) => {
    if (isMapping(entry)) return { ip: scalar(entry.host_ip ?? '*'), port: String(entry.published) };
    const parts = String(entry)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    assert.ok(
      parts.length === 2 || parts.length === 3,
      `${name}: port ${String(entry)} should publish a host port`,
    );
    const port = parts.at(-2) ?? '';
    assert.match(port, /^\d+$/, `${name}: host port of ${String(entry)}`);
    return { ip: parts.length === 3 ? (parts[0] ?? '*') : '*', port };
  });
}

/** Dockerfile stage name → whether that stage declares a HEALTHCHECK. */
const dockerfileStages = new Map(
  dockerfileText
    .split(/^(?=FROM\s)/im)
    .map((chunk) => /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(chunk))
    .filter((m) => m !== null)
    .map((m) => [(m[1] ?? '').toLowerCase(), /^HEALTHCHECK\s/im.test(m.input)] as const),
);
/** Sources of every COPY from the build context (not from another stage). */
const dockerfileCopiedPaths = dockerfileText
  .split('\n')
  .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
  .flatMap((line) => {
    const words = line
      .split(/\s+/)
      .slice(1)
      .filter((w) => !w.startsWith('--'));
    return words.slice(0, -1); // the last word is the destination
  });

describe('docker-compose.yml', () => {
  it('has the services of the production-like stack', () => {
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'migrate', 'api', 'worker']) {
      assert.ok(serviceNames.includes(name), `missing service ${name}`);
    }
  });

  it('gives every service an image or a build', () => {
    for (const name of serviceNames) {
      const s = service(name);
      assert.ok(s.image !== undefined || s.build !== undefined, `${name} has neither image nor build`);
    }
  });

  it('builds only Dockerfile stages that exist; the api stage has a health check', () => {
    assert.equal(dockerfileStages.get('api'), true, 'the api stage should declare HEALTHCHECK');
    for (const name of serviceNames) {
      const build = service(name).build;
      if (!isMapping(build) || build.target === undefined) continue;
      assert.ok(
        dockerfileStages.has(scalar(build.target)),
        `${name}: no Dockerfile stage ${scalar(build.target)}`,
      );
    }
  });

  it('depends only on services that exist, with valid conditions', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const name of serviceNames) {
      for (const [target, condition] of dependsOn(name)) {
        assert.ok(serviceNames.includes(target), `${name} depends on unknown service ${target}`);
        assert.ok(conditions.includes(condition), `${name} → ${target}: unknown condition ${condition}`);
        if (condition === 'service_healthy') {
          const s = service(target);
          const stage = isMapping(s.build) ? String(s.build.target) : '';
          const hasCheck = s.healthcheck !== undefined || dockerfileStages.get(stage) === true;
          assert.ok(hasCheck, `${name} waits for ${target} to be healthy, but ${target} has no healthcheck`);
        }
      }
    }
  });

  it('starts api and worker only after the migration and a healthy database and Temporal', () => {
    for (const name of ['api', 'worker']) {
      const deps = dependsOn(name);
      assert.equal(deps.get('migrate'), 'service_completed_successfully', `${name} → migrate`);
      assert.equal(deps.get('postgres'), 'service_healthy', `${name} → postgres`);
      assert.equal(deps.get('temporal'), 'service_healthy', `${name} → temporal`);
    }
    assert.equal(dependsOn('migrate').get('postgres'), 'service_healthy');
  });

  it('gives api, worker and migrate DATABASE_URL and TEMPORAL_ADDRESS pointing at the stack', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const env = environment(name);
      const databaseUrl = new URL(env.get('DATABASE_URL') ?? 'missing:');
      assert.match(databaseUrl.protocol, /^postgres(ql)?:$/, `${name}: DATABASE_URL`);
      assert.ok(
        serviceNames.includes(databaseUrl.hostname),
        `${name}: DATABASE_URL host ${databaseUrl.hostname}`,
      );
      const [host, port] = (env.get('TEMPORAL_ADDRESS') ?? '').split(':');
      assert.ok(host !== undefined && serviceNames.includes(host), `${name}: TEMPORAL_ADDRESS host ${host}`);
      assert.match(port ?? '', /^\d+$/, `${name}: TEMPORAL_ADDRESS port`);
    }
  });

  it('runs the entry points the Dockerfile copies', () => {
    const commands: Array<[string, string]> = [
      ['api', 'api/main.ts'],
      ['worker', 'worker/main.ts'],
      ['migrate', 'db/migrate.ts'],
    ];
    for (const [name, script] of commands) {
      assert.deepEqual(service(name).command, ['node', script], `${name} command`);
      const dir = script.split('/')[0] ?? '';
      assert.ok(dockerfileCopiedPaths.includes(dir), `the Dockerfile does not copy ${dir}/`);
    }
  });

  it('publishes no host port twice', () => {
    const seen: Array<HostPort & { owner: string }> = [];
    for (const name of serviceNames) {
      for (const mine of publishedPorts(name)) {
        for (const other of seen) {
          const sameInterface = mine.ip === other.ip || mine.ip === '*' || other.ip === '*';
          assert.ok(
            !(sameInterface && mine.port === other.port),
            `${name} publishes ${mine.ip}:${mine.port}, already published by ${other.owner}`,
          );
        }
        seen.push({ ...mine, owner: name });
      }
    }
    assert.ok(publishedPorts('api').length > 0, 'the API should be reachable from the host');
    assert.ok(publishedPorts('temporal-ui').length > 0, 'the Temporal UI should be reachable from the host');
  });

  it('has a default or a .env.example entry for every variable it references', () => {
    assert.ok(references.length > 0);
    for (const ref of references) {
      const defaulted = ref.operator === ':-' || ref.operator === '-';
      const required = ref.operator === ':?' || ref.operator === '?';
      if (required) {
        assert.ok(envExample.set.has(ref.name), `required ${ref.name} should have a value in .env.example`);
        assert.ok(ref.argument.trim() !== '', `required ${ref.name} should say what to set`);
      } else {
        assert.ok(
          defaulted || envExample.documented.has(ref.name),
          `${ref.name} has no default and no .env.example entry`,
        );
      }
    }
  });

  it('documents in .env.example only variables it uses', () => {
    const used = new Set(references.map((r) => r.name));
    for (const name of envExample.documented)
      assert.ok(used.has(name), `.env.example documents unused ${name}`);
  });

  it('keeps secrets out of the file itself', () => {
    for (const name of ['POSTGRES_PASSWORD', 'KABINET_OPERATOR_TOKEN', 'KABINET_SECRET', 'SMSC_PASSWORD']) {
      const refs = references.filter((r) => r.name === name);
      assert.ok(refs.length > 0, `${name} is not referenced`);
      for (const ref of refs) assert.equal(ref.operator, ':?', `${name} must be required, never defaulted`);
    }
  });

  it('copies only source paths that exist into the image', () => {
    assert.ok(dockerfileCopiedPaths.includes('package-lock.json'), 'npm ci needs the lock file');
    for (const path of dockerfileCopiedPaths)
      assert.ok(existsSync(`${root}${path}`), `Dockerfile copies missing ${path}`);
  });

  it('passes `docker compose config` when the Docker CLI with the compose plugin is installed', (t) => {
    const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      t.skip('docker compose is not available here; the structural checks above stand in for it');
      return;
    }
    const result = spawnSync(
      'docker',
      ['compose', '-f', 'docker-compose.yml', '--env-file', '.env.example', 'config', '-q'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('compose interpolation used by these checks', () => {
  const env = new Map([
    ['SET', 'value'],
    ['EMPTY', ''],
  ]);
  const cases: Array<[input: string, expected: string]> = [
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET:-http://x/s/{slug}}', 'http://x/s/{slug}'],
    ['${SET:?needed}', 'value'],
    ['$$SET', '$SET'],
    ['a$$b', 'a$b'],
    ['${SET:+alt}', 'alt'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${JSON.stringify(expected)}`, () => assert.equal(interpolate(input, env), expected));
  }
  it('fails on a missing required variable', () => {
    assert.throws(() => interpolate('${UNSET:?set it}', env), /required variable UNSET/);
  });
});

/** A YAML scalar as compose reads it; anything else is shown as JSON so a mistake is visible. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
