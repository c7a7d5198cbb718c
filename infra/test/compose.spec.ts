import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;

  it('runs the whole platform', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'postgres', 'redis', 'web', 'worker']);
  });

  it.each(['api', 'mailpit', 'postgres', 'redis', 'web', 'worker'])('%s has a healthcheck', (name) => {
    const test = services[name]?.healthcheck?.test;
    expect(Array.isArray(test) ? test.length : (test ?? '').length).toBeGreaterThan(0);
  });

  it('starts each service only after what it depends on is healthy', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, cond] of Object.entries(svc.depends_on ?? {})) {
        expect({ name, dep, known: dep in services, condition: cond.condition }).toEqual({
          name,
          dep,
          known: true,
          condition: 'service_healthy',
        });
      }
    }
    expect(Object.keys(services.api!.depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(Object.keys(services.web!.depends_on ?? {})).toEqual(['api']);
  });

  it('runs Redis with an append-only file and without eviction', () => {
    const cmd = services.redis!.command!.join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--maxmemory-policy noeviction');
  });

  it('wires the api and the worker to the same Redis, queue prefix and Mailpit', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name]!.environment).toMatchObject({
        REDIS_URL: 'redis://redis:6379',
        QUEUE_PREFIX: '{constellation}',
        SMTP_URL: 'smtp://mailpit:1025',
      });
      expect(services[name]!.environment!.DATABASE_URL).toMatch(/@postgres:5432\/constellation$/);
    }
    expect(services.api!.environment!.PUBLIC_URL).toBeTruthy();
    // The worker signs unsubscribe links and writes emailed links; the api verifies and serves them.
    for (const key of ['PUBLIC_URL', 'UNSUBSCRIBE_SECRET']) {
      expect(services.worker!.environment![key]).toBeTruthy();
      expect(services.worker!.environment![key]).toBe(services.api!.environment![key]);
    }
  });

  it('builds api, worker and web from targets that exist in the Dockerfile', () => {
    const dockerfile = read('infra/docker/Dockerfile');
    const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);
    for (const name of ['api', 'worker', 'web']) {
      const build = services[name]!.build!;
      expect(build.dockerfile).toBe('infra/docker/Dockerfile');
      expect(stages).toContain(build.target);
    }
  });

  it('uses the worker health script that exists', () => {
    expect(services.worker!.healthcheck!.test).toEqual(['CMD', 'node', 'infra/scripts/worker-health.mjs']);
    expect(existsSync(join(ROOT, 'infra/scripts/worker-health.mjs'))).toBe(true);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('infra/docker/Dockerfile');

  it('runs the node runtime stages as a non-root user', () => {
    const runtime = dockerfile.split(/^FROM /m).find((s) => /^\S+ AS runtime\b/.test(s));
    expect(runtime).toMatch(/^USER node$/m);
    for (const target of ['api', 'worker'])
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${target}$`, 'm'));
    expect(dockerfile).toMatch(/^ARG NGINX_IMAGE=nginxinc\/nginx-unprivileged/m);
  });

  it('starts the processes at the paths the builds emit', () => {
    expect(dockerfile).toContain('CMD ["node", "api/dist/main.js"]');
    const workerMain = JSON.parse(read('worker/package.json')).main as string;
    expect(dockerfile).toContain(`CMD ["node", "worker/${workerMain.replace(/^\.\//, '')}"]`);
  });

  it('keeps node_modules out of the context but not the files it copies', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(patterns).toContain('**/node_modules');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copied).toEqual(
      expect.arrayContaining([
        'package-lock.json',
        'infra/scripts/worker-health.mjs',
        'infra/docker/nginx.conf',
      ]),
    );
    for (const file of copied) {
      const hit = patterns.find((p) => !p.includes('*') && (file === p || file.startsWith(p + '/')));
      expect({ file, ignoredBy: hit }).toEqual({ file, ignoredBy: undefined });
    }
  });
});

describe('Kubernetes manifests', () => {
  const dir = join(ROOT, 'infra/k8s');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => ({ file: f, doc: d })));

  it('parse', () => {
    for (const { file, doc } of docs) expect({ file, errors: doc.errors }).toEqual({ file, errors: [] });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking untyped manifests
  type Loose = any;
  const objects = docs.map(({ doc }) => doc.toJS()) as {
    kind: string;
    metadata: { name: string };
    spec: Loose;
  }[];
  const deployment = (name: string) =>
    objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;

  it('runs several api replicas that are ready only when /api/health answers', () => {
    const api = deployment('api');
    expect(api.spec.replicas).toBeGreaterThan(1);
    expect(api.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/api/health');
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'api')).toBe(true);
  });

  it('runs the worker with its health probe', () => {
    const worker = deployment('worker');
    expect(worker.spec.template.spec.containers[0].livenessProbe.exec.command).toEqual([
      'node',
      'infra/scripts/worker-health.mjs',
    ]);
  });

  it('lists every manifest except the secret example in the kustomization', () => {
    const kustomization = objects.find(
      (o) => (o as { kind: string }).kind === 'Kustomization',
    ) as unknown as { resources: string[] };
    const files = readdirSync(dir).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });
});
