import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import mysql from 'mysql2/promise';
import { freePort } from '../../bench/runner/processes.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

/**
 * A MariaDB server of the test's own: its own data folder in a temp folder and its own loopback port, so a test
 * can stop it, kill it and start it again without touching the machine's server. Small InnoDB sizes keep the
 * start short (a few seconds, most of it mariadb-install-db). Call `remove()` at the end: a server left running
 * (a crashed test process) keeps its temp folder and port until killed by its pid.
 */
export class PrivateMariaDb {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    /** More server options, e.g. a binary log and a server id for replication. */
    private readonly options: string[],
  ) {}

  static available(): boolean {
    return existsSync(MARIADBD) && existsSync(INSTALL_DB);
  }

  /** Creates the data folder and starts the server; `url(database)` is then reachable as root without password. */
  static async start({ options = [] }: { options?: string[] } = {}): Promise<PrivateMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'easycrm-mariadb-'));
    const server = new PrivateMariaDb(dir, await freePort(), options);
    try {
      await promisify(execFile)(INSTALL_DB, [
        '--no-defaults',
        `--datadir=${server.dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
        ...userOption(),
        ...SERVER_OPTIONS,
      ]);
      await server.restart();
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get pid(): number | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  url(database = ''): string {
    return `mariadb://root@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server (again) on the same port and data folder and waits until it accepts connections. */
  async restart(timeoutMs = 30_000): Promise<void> {
    if (this.pid) return;
    this.output = '';
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--port=${this.port}`,
        `--socket=${join(this.dir, 'sock')}`,
        `--pid-file=${join(this.dir, 'pid')}`,
        '--bind-address=127.0.0.1',
        ...(this.options.some((option) => option.startsWith('--log-bin')) ? [] : ['--skip-log-bin']),
        '--skip-name-resolve',
        ...userOption(),
        ...SERVER_OPTIONS,
        ...this.options,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString()).slice(-10_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited (${child.exitCode}):\n${this.output}`);
      if (await answers(this.port)) return;
      await sleep(50);
    }
    throw new Error(`mariadbd did not start within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Stops the server: a clean shutdown (SIGTERM), or a crash (SIGKILL) that leaves InnoDB to recover. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    if (!(await Promise.race([exited.then(() => true), sleep(30_000, false, { ref: false })]))) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Kills the server and deletes its data folder. */
  async remove(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const SERVER_OPTIONS = [
  '--innodb-buffer-pool-size=32M',
  '--innodb-log-file-size=16M',
  '--innodb-log-buffer-size=4M',
  '--innodb-flush-log-at-trx-commit=2',
  '--max-connections=200',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
];

/** mariadbd refuses to run as root unless told which user to run as. */
function userOption(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

/** The server accepts a connection and answers a query (once InnoDB has recovered). */
async function answers(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1_000 });
    await connection.query('SELECT 1');
    await connection.end();
    return true;
  } catch {
    return false;
  }
}
