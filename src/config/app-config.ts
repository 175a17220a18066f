import { randomBytes } from 'node:crypto';
import { type FeedbackTargets, parseFeedbackTargets } from './feedback-targets.js';
import { ConfigError, parseBoolean, parseDuration, parseInteger, parseList, parseOneOf } from './parse.js';

export type DatabaseKind = 'sqlite' | 'mysql' | 'mariadb';

export interface DatabaseConfig {
  kind: DatabaseKind;
  /** mysql://… or mariadb://… when kind is not sqlite */
  url?: string;
  /** SQLite file, or ':memory:' */
  sqlitePath: string;
  poolSize: number;
  /** Read replicas of `url` (DATABASE_REPLICA_URLS): GET requests read from them; see src/database/read-replicas.ts. */
  replicaUrls: string[];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

/**
 * The validated environment. Injected by class token: `constructor(private config: AppConfig)`.
 * Build it with `loadConfig(process.env)`; a bad value throws a ConfigError naming the variable.
 */
export abstract class AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  database: DatabaseConfig;
  jwt: {
    secret: string;
    /** true when no JWT_SECRET was given and a random per-process secret is used */
    generated: boolean;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** Allowed CORS origins; empty means no cross-origin access. */
  corsOrigins: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  /** IANA timezone for report months and days. */
  reportTimezone: string;
  /** Password for the first admin, created when no staff account exists. */
  adminPassword?: string;
  /** Load the demo dataset on start when the database has no customers. */
  demoData: boolean;
  loginThrottle: { perAccount: number; perIp: number; windowSeconds: number };
  /** Express `trust proxy` setting: number of proxy hops to trust (0 = none). */
  trustProxy: number;
  /** Service feedback response targets: hours per priority code (FEEDBACK_RESPONSE_HOURS, FEEDBACK_RESOLUTION_HOURS). */
  feedback: FeedbackTargets;
  /** The AdminJS back office at /admin. */
  admin: {
    /**
     * Serve the back office from this process (BACK_OFFICE, default true). false: an API-only process, without
     * AdminJS's ~90 MiB, for instances behind a load balancer while another process serves /admin.
     */
    enabled: boolean;
    /** Signs the session cookie (ADMIN_SESSION_SECRET). */
    sessionSecret: string;
    /** true when no ADMIN_SESSION_SECRET was given and a random per-process secret is used */
    sessionSecretGenerated: boolean;
    /** Send the session cookie over https only (ADMIN_COOKIE_SECURE; set it when served over https). */
    cookieSecure: boolean;
    /** A back-office sign-in lasts this long (ADMIN_SESSION_TTL), however active. */
    sessionTtlSeconds: number;
  };
  enrollment: {
    /** true: any positive net payment counts as paid (instalments); false: the whole price must be paid. */
    allowInstalments: boolean;
    /** How long a customer's one-time enrollment link stays valid. */
    linkTtlSeconds: number;
  };
}

export function parseDatabase(env: NodeJS.ProcessEnv): DatabaseConfig {
  const poolSize = parseInteger(env, 'DATABASE_POOL_SIZE', 10, 1, 200);
  const sqlitePath = env.SQLITE_PATH?.trim() || 'data/easycrm.sqlite';
  const url = env.DATABASE_URL?.trim();
  const replicaUrls = parseList(env, 'DATABASE_REPLICA_URLS');
  if (!url) {
    if (replicaUrls.length) throw new ConfigError('DATABASE_REPLICA_URLS', 'needs DATABASE_URL (the primary)');
    return { kind: 'sqlite', sqlitePath, poolSize, replicaUrls };
  }
  const kind = databaseScheme('DATABASE_URL', url);
  for (const replica of replicaUrls) {
    if (databaseScheme('DATABASE_REPLICA_URLS', replica) !== kind) {
      throw new ConfigError('DATABASE_REPLICA_URLS', `must use the scheme of DATABASE_URL (${kind}://)`);
    }
  }
  return { kind, url, sqlitePath, poolSize, replicaUrls };
}

/** The scheme of a MySQL/MariaDB URL that names a database; a ConfigError naming `name` otherwise. */
function databaseScheme(name: string, url: string): 'mysql' | 'mariadb' {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(name, 'must be a URL like mysql://user:pass@host:3306/db');
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new ConfigError(name, `scheme must be mysql:// or mariadb://, got ${scheme}://`);
  }
  if (!parsed.pathname || parsed.pathname === '/') {
    throw new ConfigError(name, 'must name a database, e.g. mysql://user:pass@host:3306/easycrm');
  }
  return scheme;
}

function parseTimezone(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new ConfigError(name, `"${value}" is not an IANA timezone such as Asia/Shanghai`);
  }
  return value;
}

/** A signing secret: required in production, at least 32 characters; random per process otherwise. */
function parseSecret(env: NodeJS.ProcessEnv, name: string, nodeEnv: string): { value: string; generated: boolean } {
  const secret = env[name]?.trim();
  if (nodeEnv === 'production' && !secret) {
    throw new ConfigError(name, 'is required when NODE_ENV=production (at least 32 characters)');
  }
  if (secret && secret.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
  return { value: secret ?? randomBytes(48).toString('base64url'), generated: !secret };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = parseOneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const jwtSecret = parseSecret(env, 'JWT_SECRET', nodeEnv);
  const sessionSecret = parseSecret(env, 'ADMIN_SESSION_SECRET', nodeEnv);
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  return {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    database: parseDatabase(env),
    jwt: {
      secret: jwtSecret.value,
      generated: jwtSecret.generated,
      accessTtlSeconds: parseDuration(env, 'ACCESS_TOKEN_TTL', '15m'),
      refreshTtlSeconds: parseDuration(env, 'REFRESH_TOKEN_TTL', '30d'),
    },
    corsOrigins: parseList(env, 'CORS_ORIGINS'),
    logLevel: parseOneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    reportTimezone: parseTimezone(env, 'REPORT_TIMEZONE', 'Asia/Shanghai'),
    adminPassword,
    demoData: parseBoolean(env, 'DEMO_DATA', false),
    loginThrottle: {
      perAccount: parseInteger(env, 'LOGIN_LIMIT_PER_ACCOUNT', 5, 1, 1000),
      perIp: parseInteger(env, 'LOGIN_LIMIT_PER_IP', 30, 1, 100000),
      windowSeconds: parseDuration(env, 'LOGIN_LIMIT_WINDOW', '15m'),
    },
    trustProxy: parseInteger(env, 'TRUST_PROXY', 0, 0, 10),
    feedback: parseFeedbackTargets(env),
    admin: {
      enabled: parseBoolean(env, 'BACK_OFFICE', true),
      sessionSecret: sessionSecret.value,
      sessionSecretGenerated: sessionSecret.generated,
      cookieSecure: parseBoolean(env, 'ADMIN_COOKIE_SECURE', false),
      sessionTtlSeconds: parseDuration(env, 'ADMIN_SESSION_TTL', '12h'),
    },
    enrollment: {
      allowInstalments: parseBoolean(env, 'ENROLLMENT_ALLOW_INSTALMENTS', false),
      linkTtlSeconds: parseDuration(env, 'ENROLLMENT_LINK_TTL', '7d'),
    },
  };
}
