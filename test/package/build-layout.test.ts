// The Docker image and the npm package, checked without a Docker engine or a registry (issue 16).
//
// Docker (Dockerfile, .dockerignore, docker-compose.yml): the Dockerfile's instructions are
// replayed in a clean temp directory per stage. Each COPY copies exactly what it names from the
// repository (minus .dockerignore), so a file the build needs but no COPY names makes the build
// fail here as it would in `docker build`. `npm ci` is stood in for by the repository's installed
// node_modules (no registry here); it checks package.json and package-lock.json are present and
// agree, and that `prepare` cannot run before the sources are copied. The build command then runs
// for real in that layout. The runtime stage is assembled from its COPY lines and started: it must
// answer the HEALTHCHECK command on /healthz and print its version. Not covered: the base images,
// apt-get, `npm rebuild better-sqlite3` and `npm prune` (npm would follow the node_modules link
// into the repository), and the non-root user's file permissions.
//
// Package: `npm pack` of the built files (package.json `files`), the tarball unpacked into a
// consumer directory's node_modules (its dependencies linked from the repository's), then from
// Node: `tim-ts/client` and `tim-ts` import, a server built from the package serves a client
// from the package, deep imports are refused, the client's import graph is browser-safe, and a
// TypeScript consumer typechecks against the packed declarations.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const TMP = mkdtempSync(path.join(tmpdir(), 'tim-layout-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

// ---------------------------------------------------------------- Dockerfile replay

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  from: string;
  name?: string;
  steps: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line not understood: ${line}`);
    const op = m[1].toUpperCase();
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(m[2].trim());
      stages.push({ from: f?.[1] ?? '', name: f?.[2], steps: [] });
    } else {
      stages.at(-1)?.steps.push({ op, args: m[2].trim() });
    }
  }
  return stages;
}

/** .dockerignore patterns as tests on a context-relative path (a pattern also covers what is below it). */
function dockerIgnore(): (rel: string) => boolean {
  const file = path.join(ROOT, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    : [];
  const res = patterns.map(
    (p) => new RegExp('^' + p.replace(/^\/+|\/+$/g, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*') + '(/.*)?$'),
  );
  return (rel) => res.some((r) => r.test(rel));
}

interface CopyStep {
  from?: string;
  sources: string[];
  dest: string;
}

function parseCopy(args: string): CopyStep {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
  }
  const dest = words.pop() as string;
  return { from, sources: words, dest };
}

/** `dest` of a COPY inside a stage directory that stands for the image's WORKDIR. */
function target(dir: string, workdir: string, dest: string): string {
  const abs = path.posix.resolve(workdir, dest);
  return path.join(dir, path.posix.relative(workdir, abs));
}

const ignored = dockerIgnore();
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const buildDir = path.join(TMP, 'build');
const runtimeDir = path.join(TMP, 'runtime');
const replayLog: string[] = [];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Replays one stage into `dir`; `stageDirs` maps earlier stage names to their directories. */
function replay(stage: Stage, dir: string, stageDirs: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  let workdir = '/';
  for (const step of stage.steps) {
    if (step.op === 'WORKDIR') workdir = path.posix.resolve(workdir, step.args);
    else if (step.op === 'COPY') copyStep(parseCopy(step.args), dir, workdir, stageDirs);
    else if (step.op === 'RUN') runStep(step.args, dir);
  }
}

function copyStep(c: CopyStep, dir: string, workdir: string, stageDirs: Map<string, string>): void {
  const into = target(dir, workdir, c.dest);
  for (const source of c.sources) {
    let from: string;
    if (c.from !== undefined) {
      const stageDir = stageDirs.get(c.from);
      if (stageDir === undefined) throw new Error(`COPY --from=${c.from}: no such stage`);
      from = target(stageDir, '/app', source); // the build stage's WORKDIR
      if (!existsSync(from)) throw new Error(`COPY --from=${c.from} ${source}: the ${c.from} stage made no such path`);
    } else {
      const rel = path.posix.normalize(source).replace(/\/$/, '');
      if (ignored(rel)) throw new Error(`COPY ${source}: excluded by .dockerignore`);
      from = path.join(ROOT, rel);
      if (!existsSync(from)) throw new Error(`COPY ${source}: not in the repository`);
    }
    const isDirDest = c.sources.length > 1 || c.dest.endsWith('/');
    const to = isDirDest ? path.join(into, path.basename(source)) : into;
    cpSync(from, to, {
      recursive: true,
      filter: (src) => c.from !== undefined || !ignored(path.relative(ROOT, src).split(path.sep).join('/')),
    });
    replayLog.push(`COPY ${c.from ? `--from=${c.from} ` : ''}${source} -> ${path.relative(TMP, to)}`);
  }
}

function runStep(script: string, dir: string): void {
  for (const part of script.split('&&').map((s) => s.trim())) {
    const words = part.split(/\s+/);
    const cmd = `${words[0]} ${words[1] ?? ''}`.trim();
    if (words[0] === 'apt-get' || words[0] === 'rm' || words[0] === 'chown') {
      replayLog.push(`skipped (system): ${part}`);
    } else if (words[0] === 'mkdir') {
      for (const w of words.slice(1).filter((x) => !x.startsWith('-'))) mkdirSync(path.join(dir, path.posix.relative('/app', w)), { recursive: true });
    } else if (cmd === 'npm ci') {
      npmCi(part, dir);
    } else if (cmd === 'npm rebuild' || cmd === 'npm prune') {
      expect(existsSync(path.join(dir, 'node_modules')), `${part} needs node_modules`).toBe(true);
      replayLog.push(`skipped (would change the linked node_modules): ${part}`);
    } else if (cmd === 'npm run') {
      const r = run('npm', words.slice(1), dir);
      if (r.code !== 0) throw new Error(`${part} failed in the Dockerfile's layout:\n${r.out}`);
      replayLog.push(`ran: ${part}`);
    } else {
      throw new Error(`RUN ${part}: this test does not know how to replay it; teach test/package/build-layout.test.ts`);
    }
  }
}

function npmCi(part: string, dir: string): void {
  for (const f of ['package.json', 'package-lock.json']) expect(existsSync(path.join(dir, f)), `npm ci needs ${f} copied first`).toBe(true);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof PKG;
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, typeof PKG> };
  // npm ci refuses a lockfile whose root dependencies differ from package.json's
  expect(lock.packages[''].dependencies, 'package-lock.json dependencies').toEqual(pkg.dependencies);
  expect(lock.packages[''].devDependencies, 'package-lock.json devDependencies').toEqual(pkg.devDependencies);
  if (!/--ignore-scripts(?!=false)/.test(part) && pkg.scripts.prepare) {
    // npm ci runs `prepare` now, before the sources are copied: replay it, as docker would
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const r = run('npm', ['run', 'prepare'], dir);
    if (r.code !== 0) throw new Error(`${part}: runs the prepare script before the sources are copied, and it fails:\n${r.out}`);
    return;
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  replayLog.push(`npm ci stood in for by the repository's node_modules: ${part}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const buildStage = stages.find((s) => s.name !== undefined);
const runtimeStage = stages.at(-1) as Stage;

beforeAll(() => {
  const dirs = new Map<string, string>();
  for (const [i, stage] of stages.entries()) {
    const dir = stage === runtimeStage ? runtimeDir : path.join(TMP, `stage-${i}`);
    if (stage === buildStage) rmSync(buildDir, { force: true, recursive: true });
    replay(stage, stage === buildStage ? buildDir : dir, dirs);
    if (stage.name) dirs.set(stage.name, stage === buildStage ? buildDir : dir);
  }
}, 180_000);

describe('Dockerfile', () => {
  it('builds in stages on a current Node LTS slim image and runs as a non-root user with a HEALTHCHECK on /healthz', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:(22|24)([.\d]*)?-[a-z]*-?slim$|^node:(22|24)[.\d]*-slim$/);
    const final = runtimeStage.steps;
    const user = final.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const health = final.find((s) => s.op === 'HEALTHCHECK')?.args ?? '';
    const healthUrl = final.find((s) => s.op === 'ENV' && s.args.startsWith('TIM_HEALTHCHECK_URL='))?.args ?? '';
    expect(health + healthUrl).toContain('/healthz');
    expect(final.some((s) => s.op === 'COPY' && s.args.includes('--from='))).toBe(true);
  });

  it("the build stage's COPY lines bring everything the build needs: it ran in that layout", () => {
    expect(replayLog.some((l) => l.startsWith('ran: npm run build'))).toBe(true);
    expect(existsSync(path.join(buildDir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(path.join(buildDir, 'dist', 'index.d.ts'))).toBe(true);
    if (existsSync(path.join(ROOT, 'web'))) expect(readdirSync(path.join(buildDir, 'dist', 'web')).length).toBeGreaterThan(0);
    // and nothing it does not need: tests, benchmarks and docs stay out of the image
    for (const absent of ['test', 'bench', 'docs', '.git']) expect(existsSync(path.join(buildDir, absent)), absent).toBe(false);
  });

  it('the runtime layout starts, answers the HEALTHCHECK command and prints its version', async () => {
    const [entry, ...cmd] = JSON.parse(/^\[.*\]$/.exec(runtimeStage.steps.find((s) => s.op === 'ENTRYPOINT')?.args ?? '')?.[0] ?? '[]') as string[];
    expect(entry).toBe('node');
    expect(JSON.parse(runtimeStage.steps.find((s) => s.op === 'CMD')?.args ?? '[]')).toEqual(['start']);
    const version = run(entry, [...cmd, '--version'], runtimeDir);
    expect(version.out.trim()).toBe(PKG.version);

    const adminPort = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      TIM_CONFIG: '',
      TIM_LISTEN: '127.0.0.1:0',
      TIM_ADMIN_LISTEN: `127.0.0.1:${adminPort}`,
      TIM_DATABASE_URL: path.join(TMP, 'image-data', 'tim.db'),
      TIM_HEALTHCHECK_URL: `http://127.0.0.1:${adminPort}/healthz`,
    };
    const server = spawn(entry, [...cmd, 'start'], { cwd: runtimeDir, env });
    let out = '';
    server.stdout.on('data', (d) => (out += d));
    server.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => server.on('close', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes('"msg":"database"') && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('"msg":"tim listening"');
      const health = runtimeStage.steps.find((s) => s.op === 'HEALTHCHECK')?.args ?? '';
      const probe = JSON.parse(/CMD\s+(\[.*\])\s*$/.exec(health)?.[1] ?? '[]') as string[];
      const r = spawnSync(probe[0], probe.slice(1), { env, encoding: 'utf8', timeout: 10_000 });
      expect(r.status, r.stderr).toBe(0);
    } finally {
      server.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

// ---------------------------------------------------------------- docker-compose.yml

describe('docker-compose.yml', () => {
  const compose = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; ports?: string[]; profiles?: string[]; volumes?: string[] }>;
  };
  const tim = compose.services.tim;
  const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

  it('has no default secrets: compose refuses to start while the admin key (or a database password) is unset', () => {
    expect(tim.environment?.TIM_ADMIN_KEY).toMatch(/^\$\{TIM_ADMIN_KEY:\?.+\}$/);
    expect(text).not.toMatch(/change-me|:-postgres\b|PASSWORD:\s*["']?[A-Za-z0-9]+["']?\s*$/m);
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|KEY|SECRET/.test(k) && k !== 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD') expect(String(v), `${name}.${k}`).toMatch(/^\$\{[A-Z_]+:\?/);
      }
    }
  });

  it('publishes the admin listener on loopback only and no database port', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === 'tim') continue;
      expect(s.ports ?? [], `${name} publishes ports`).toEqual([]);
    }
    const admin = (tim.ports ?? []).filter((p) => p.endsWith(':20004'));
    expect(admin).toHaveLength(1);
    expect(admin[0]).toMatch(/^127\.0\.0\.1:/);
  });

  it("the server's compose config keeps the admin listener on loopback unless asked, and joins the cluster on the compose Redis", () => {
    const mount = (tim.volumes ?? []).find((v) => v.endsWith(':/app/tim.docker.yaml:ro'));
    expect(mount).toBeDefined();
    const file = path.join(ROOT, (mount as string).split(':')[0]);
    const env = Object.fromEntries(
      Object.entries(tim.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{([A-Z_]+)(:[?-])([^}]*)\}/g, (_w, name: string, op: string, rest: string) => (op === ':-' ? rest : `test-${name}`))]),
    );
    const config = parseConfigText(readFileSync(file, 'utf8'), file, env);
    expect(config.admin.listen).toBe('127.0.0.1:20004');
    expect(config.admin.keys).toEqual(['test-TIM_ADMIN_KEY']);
    expect(config.database).toMatchObject({ client: 'postgres', connection: 'postgres://tim:test-POSTGRES_PASSWORD@postgres:5432/tim' });
    if (compose.services.redis) expect(config.cluster?.redis).toBe('redis://redis:6379');
    const asked = parseConfigText(readFileSync(file, 'utf8'), file, { ...env, TIM_ADMIN_LISTEN: '0.0.0.0:20004' });
    expect(asked.admin.listen).toBe('0.0.0.0:20004');
  });
});

// ---------------------------------------------------------------- npm package

describe('npm package', () => {
  const pkgDir = path.join(TMP, 'pkg');
  const consumer = path.join(TMP, 'consumer');
  let packed: string[] = [];

  beforeAll(() => {
    // the package's files from the repository, dist/ from the image's build stage above
    mkdirSync(pkgDir, { recursive: true });
    cpSync(path.join(ROOT, 'package.json'), path.join(pkgDir, 'package.json'));
    for (const f of PKG.files) {
      const from = f === 'dist' ? path.join(buildDir, 'dist') : path.join(ROOT, f);
      if (existsSync(from)) cpSync(from, path.join(pkgDir, f), { recursive: true });
    }
    const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', TMP], pkgDir);
    expect(r.code, r.out).toBe(0);
    const info = JSON.parse(r.out.slice(r.out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    packed = info[0].files.map((f) => f.path);
    const into = path.join(consumer, 'node_modules', 'tim-ts');
    mkdirSync(into, { recursive: true });
    const x = run('tar', ['-xzf', path.join(TMP, info[0].filename), '-C', into, '--strip-components=1'], TMP);
    expect(x.code, x.out).toBe(0);
    // the dependencies an install would bring, from the repository's node_modules
    for (const dep of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (dep === 'tim-ts' || dep === '.bin' || dep.startsWith('.')) continue;
      symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(consumer, 'node_modules', dep));
    }
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  }, 60_000);

  it('packs the built server and client with types, the command, the shipped config, sql/, LICENSE and CHANGELOG, and no sources or tests', () => {
    for (const f of ['package.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'tim.config.yaml', 'bin/tim.js', 'dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/client/index.js', 'dist/client/index.d.ts', 'sql/builtin/templates.yaml']) {
      expect(packed, f).toContain(f);
    }
    if (existsSync(path.join(ROOT, 'web'))) expect(packed.some((f) => f.startsWith('dist/web/'))).toBe(true);
    expect(packed.filter((f) => /^(src|test|bench|web|docs)\//.test(f) || f.startsWith('node_modules'))).toEqual([]);
  });

  it('imports tim-ts/client and tim-ts from Node; a server built from the package serves a client from the package; deep imports are refused', () => {
    const script = `
      import WebSocket from 'ws';
      import * as client from 'tim-ts/client';
      import * as server from 'tim-ts';
      import path from 'node:path';
      const out = { client: Object.keys(client).sort(), server: Object.keys(server).sort() };
      try { await import('tim-ts/dist/app.js'); out.deep = 'allowed'; } catch (e) { out.deep = e.code; }
      out.shippedListen = server.loadConfigFile(path.resolve('node_modules/tim-ts/tim.config.yaml'), {}).listen;
      const config = server.buildConfig({ listen: '127.0.0.1:0', admin: { listen: '127.0.0.1:0' }, database: { client: 'sqlite', connection: ${JSON.stringify(path.join(TMP, 'pkg-data', 'tim.db'))} }, logLevel: 'silent' });
      const app = await server.buildApp(config);
      const { client: addr } = await app.listen();
      try {
        await client.registerAccount('http://127.0.0.1:' + addr.port, 'pat', 'pat-secret');
        const c = new client.TimClient('ws://127.0.0.1:' + addr.port + '/tim', { WebSocket, pingIntervalMs: 0 });
        await c.connect();
        out.login = (await c.login('pat', 'pat-secret')).ok;
        await c.close();
      } finally { await app.close(); }
      console.log(JSON.stringify(out));
    `;
    writeFileSync(path.join(consumer, 'smoke.mjs'), script);
    const r = run(process.execPath, ['smoke.mjs'], consumer);
    expect(r.code, r.out).toBe(0);
    const out = JSON.parse(r.out.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(out.client).toEqual(expect.arrayContaining(['TimClient', 'TimClientError', 'registerAccount', 'ErrorCode', 'TimType']));
    expect(out.server).toEqual(expect.arrayContaining(['buildApp', 'loadConfigFile', 'buildConfig', 'parseConfigText', 'ConfigError', 'createLogger']));
    expect(out.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(out.shippedListen).toBe('0.0.0.0:20003');
    expect(out.login).toBe(true);
  }, 30_000);

  it("tim-ts/client's import graph is browser-safe: relative imports only, no Node module", () => {
    const base = path.join(consumer, 'node_modules', 'tim-ts', 'dist');
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith('.')) bad.push(`${path.relative(base, file)} imports ${spec}`);
        else visit(path.resolve(path.dirname(file), spec));
      }
      if (/\brequire\(|process\.|__dirname/.test(src.replace(/\/\/.*$/gm, ''))) bad.push(`${path.relative(base, file)} uses a Node global`);
    };
    visit(path.join(base, 'client', 'index.js'));
    expect(seen.size).toBeGreaterThan(3);
    expect(bad).toEqual([]);
  });

  it('a TypeScript consumer typechecks against the packed declarations of both entries', () => {
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['check.ts'] }),
    );
    writeFileSync(
      path.join(consumer, 'check.ts'),
      [
        "import { ErrorCode, TimClient, type TimMessage } from 'tim-ts/client';",
        "import { buildApp, loadConfigFile, type Config, type TimApp } from 'tim-ts';",
        'export const params: 4104 = ErrorCode.PARAMS;',
        'export const make = (url: string): TimClient => new TimClient(url);',
        'export const text = (m: TimMessage): string | undefined => m.dataString;',
        'export const start = (file: string): Promise<TimApp> => buildApp(loadConfigFile(file) satisfies Config);',
        '// @ts-expect-error: no such export',
        "import { nothingHere } from 'tim-ts/client';",
        'export { nothingHere };',
      ].join('\n'),
    );
    const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 30_000);
});
