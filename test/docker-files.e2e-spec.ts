import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * No Docker engine runs where CI runs: what can be checked without one is checked here — the compose file
 * parses and wires what the deployment guide says, and the Dockerfile builds and starts the service with the
 * commands the README gives.
 */
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('docker/: the image and the compose file', () => {
  const dockerfile = read('docker/Dockerfile');
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs from a second with production dependencies only, as a non-root user', () => {
    expect(stages).toHaveLength(2);
    const [build, run] = stages;
    expect(build).toMatch(/^RUN npm ci\b/m);
    expect(build).toMatch(/^RUN npm run build && npm prune --omit=dev$/m);
    expect(scripts.build).toContain('node dist/src/admin/bundle.js'); // the back office is bundled at build time
    expect(run).not.toMatch(/^RUN npm (ci|install)/m);
    expect(run).toMatch(/^USER node$/m);
    expect(run).toMatch(/^ENV NODE_ENV=production/m);
    expect(run).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
  });

  it('starts the service with the command `npm run start:prod` runs', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    expect(cmd.join(' ')).toBe(scripts['start:prod']);
    expect(read('README.md')).toContain('npm run start:prod');
  });

  it('ignores what must not reach the image', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.env', '*.sqlite']));
  });

  it('runs the app on MySQL 8 with a volume and health checks, secrets from the environment', () => {
    const compose = parse(read('docker/compose.yaml'), { merge: true });
    const { mysql, app, app2, proxy } = compose.services;
    expect(mysql.image).toMatch(/^mysql:8/);
    expect(mysql.volumes).toContain('mysql-data:/var/lib/mysql');
    expect(mysql.healthcheck.test.join(' ')).toContain('mysqladmin ping');
    expect(app.depends_on.mysql.condition).toBe('service_healthy');
    expect(app.environment.DATABASE_URL).toMatch(/^mysql:\/\/easycrm:\$\{MYSQL_PASSWORD:\?.*\}@mysql:3306\/easycrm$/);
    for (const secret of ['JWT_SECRET', 'ADMIN_SESSION_SECRET']) {
      expect(app.environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`)); // required, no default
    }
    expect(app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    // --profile scale: a second, API-only instance started after the first (one runs the migrations), a proxy
    expect(app2.profiles).toEqual(['scale']);
    expect(app2.environment).toMatchObject({ BACK_OFFICE: 'false', TRUST_PROXY: '1' });
    expect(app2.environment.JWT_SECRET).toBe(app.environment.JWT_SECRET);
    expect(app2.depends_on.app.condition).toBe('service_healthy');
    expect(proxy.volumes[0]).toMatch(/^\.\/nginx\.conf:/);
    const nginx = read('docker/nginx.conf');
    expect(nginx).toMatch(/server app:3000;\s*server app2:3000;/);
    expect(nginx).toMatch(/location \/admin \{\s*proxy_pass http:\/\/app:3000;/);
  });
});
