import { loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in data/ with 15-minute access and 30-day refresh tokens', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({
      kind: 'sqlite',
      sqlitePath: 'data/easycrm.sqlite',
      poolSize: 10,
      replicaUrls: [],
    });
    expect(config.jwt.accessTtlSeconds).toBe(900);
    expect(config.jwt.refreshTtlSeconds).toBe(30 * 86400);
    expect(config.jwt.generated).toBe(true);
    expect(config.reportTimezone).toBe('Asia/Shanghai');
    expect(config.port).toBe(3000);
  });

  it('picks the driver from the DATABASE_URL scheme', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://u:p@db:3306/crm' }).database.kind).toBe('mysql');
    expect(loadConfig({ DATABASE_URL: 'mariadb://u:p@db:3306/crm' }).database.kind).toBe('mariadb');
  });

  it('reads the replicas of the primary from DATABASE_REPLICA_URLS', () => {
    const env = {
      DATABASE_URL: 'mysql://u:p@db:3306/crm',
      DATABASE_REPLICA_URLS: 'mysql://r@db2/crm, mysql://r@db3/crm',
    };
    expect(loadConfig(env).database.replicaUrls).toEqual(['mysql://r@db2/crm', 'mysql://r@db3/crm']);
  });

  it.each([
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://host:3306' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_REPLICA_URLS: 'mysql://r@db2/crm' }, 'DATABASE_REPLICA_URLS'],
    [{ DATABASE_URL: 'mysql://u@db/crm', DATABASE_REPLICA_URLS: 'mariadb://r@db2/crm' }, 'DATABASE_REPLICA_URLS'],
    [{ DATABASE_URL: 'mysql://u@db/crm', DATABASE_REPLICA_URLS: 'mysql://r@db2' }, 'DATABASE_REPLICA_URLS'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, 'ADMIN_SESSION_SECRET'],
    [{ ADMIN_SESSION_SECRET: 'short' }, 'ADMIN_SESSION_SECRET'],
    [{ ADMIN_COOKIE_SECURE: 'https' }, 'ADMIN_COOKIE_SECURE'],
    [{ ADMIN_SESSION_TTL: 'a day' }, 'ADMIN_SESSION_TTL'],
    [{ ACCESS_TOKEN_TTL: '15 minutes' }, 'ACCESS_TOKEN_TTL'],
    [{ REPORT_TIMEZONE: 'Mars/Olympus' }, 'REPORT_TIMEZONE'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ENROLLMENT_ALLOW_INSTALMENTS: 'sometimes' }, 'ENROLLMENT_ALLOW_INSTALMENTS'],
    [{ ENROLLMENT_LINK_TTL: 'a week' }, 'ENROLLMENT_LINK_TTL'],
    [{ ENROLLMENT_LINK_TTL: '0' }, 'ENROLLMENT_LINK_TTL'],
  ])('refuses %j with one line naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
  });

  it('accepts a production configuration with a long secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_SESSION_SECRET: 'y'.repeat(32),
      CORS_ORIGINS: 'https://a.cn, https://b.cn',
    });
    expect(config.jwt.generated).toBe(false);
    expect(config.admin).toMatchObject({ sessionSecret: 'y'.repeat(32), sessionSecretGenerated: false });
    expect(config.corsOrigins).toEqual(['https://a.cn', 'https://b.cn']);
  });

  it('signs back-office sessions with a random secret in development; cookies are secure when asked', () => {
    const config = loadConfig({});
    expect(config.admin).toMatchObject({
      sessionSecretGenerated: true,
      cookieSecure: false,
      sessionTtlSeconds: 12 * 3600,
    });
    expect(config.admin.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ ADMIN_COOKIE_SECURE: 'true', ADMIN_SESSION_TTL: '8h' }).admin).toMatchObject({
      cookieSecure: true,
      sessionTtlSeconds: 8 * 3600,
    });
  });

  it('requires the whole price by default and keeps enrollment links for 7 days', () => {
    expect(loadConfig({}).enrollment).toEqual({ allowInstalments: false, linkTtlSeconds: 7 * 86400 });
  });

  it('reads the enrollment settings', () => {
    const config = loadConfig({ ENROLLMENT_ALLOW_INSTALMENTS: 'true', ENROLLMENT_LINK_TTL: '48h' });
    expect(config.enrollment).toEqual({ allowInstalments: true, linkTtlSeconds: 48 * 3600 });
    expect(loadConfig({ ENROLLMENT_ALLOW_INSTALMENTS: 'no' }).enrollment.allowInstalments).toBe(false);
  });
});
