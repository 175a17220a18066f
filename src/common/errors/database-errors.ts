import { HttpStatus } from '@nestjs/common';
import { DataSource, EntityNotFoundError, OptimisticLockVersionMismatchError, QueryFailedError } from 'typeorm';
import { problemBody, ProblemType, type ProblemBody } from './problem.js';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  /** mysql2: the connection is unusable (network error, server gone, connection killed) */
  fatal?: boolean;
}

/** Property names of the unique index named in a MySQL/MariaDB or SQLite duplicate-key message. */
function uniqueFields(dataSource: DataSource, message: string): string[] {
  const mysqlKey = /for key '(?:[^.']+\.)?([^']+)'/.exec(message)?.[1];
  const sqliteColumns = /UNIQUE constraint failed: (.+)$/.exec(message)?.[1];
  for (const metadata of dataSource.entityMetadatas) {
    for (const index of metadata.indices) {
      if (!index.isUnique) continue;
      const columns = index.columns.map((c) => `${metadata.tableName}.${c.databaseName}`).join(', ');
      if (index.name === mysqlKey || columns === sqliteColumns) return index.columns.map((c) => c.propertyName);
    }
  }
  return [];
}

/**
 * The database is out of reach or went away mid-request (stopped, crashed, restarted, connection killed): the
 * request may succeed later, so 503. Seen against a stopped or killed MariaDB: ECONNREFUSED on connect,
 * ECONNRESET / PROTOCOL_CONNECTION_LOST / ER_SERVER_SHUTDOWN on a pooled connection, and "Can't add new command
 * when connection is in closed state" on a transaction's connection after its socket died.
 */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
const ER_CONNECTION_KILLED = 1927; // MariaDB's errno after KILL <connection>; mysql2 has no name for it
const UNREACHABLE_MESSAGE = /Pool is closed|Queue limit reached|closed state|Connection lost/;

const driverErrorOf = (error: unknown): DriverError =>
  error instanceof QueryFailedError ? (error.driverError ?? {}) : ((error as DriverError) ?? {});

/** True for a unique-index violation, on MySQL/MariaDB and SQLite. */
export function isDuplicateKey(error: unknown): boolean {
  const code = driverErrorOf(error).code ?? '';
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Maps a database error to a problem a client can act on, or undefined when it is a bug (→ 500). */
export function databaseProblem(error: unknown, dataSource: DataSource | undefined): ProblemBody | undefined {
  if (error instanceof EntityNotFoundError) return problemBody(HttpStatus.NOT_FOUND, 'The record does not exist');
  if (error instanceof OptimisticLockVersionMismatchError) {
    return problemBody(
      HttpStatus.CONFLICT,
      'The record was changed by someone else; reload it and try again',
      {},
      ProblemType.staleVersion,
    );
  }
  const driver = driverErrorOf(error);
  const code = driver.code ?? '';
  const message = driver.message ?? '';
  if (isDuplicateKey(error)) {
    const fields = dataSource ? uniqueFields(dataSource, message) : [];
    const named = fields.length ? fields.join(' + ') : 'a unique field';
    return problemBody(
      HttpStatus.CONFLICT,
      `A record with the same ${named} already exists`,
      { errors: fields.map((field) => ({ field, message: 'is already taken' })) },
      ProblemType.duplicate,
    );
  }
  if (code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_ROW_IS_REFERENCED') {
    return problemBody(
      HttpStatus.CONFLICT,
      'Other records refer to this record; it cannot be deleted',
      {},
      ProblemType.inUse,
    );
  }
  if (code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW') {
    return problemBody(HttpStatus.UNPROCESSABLE_ENTITY, 'A referenced record does not exist');
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return problemBody(
      HttpStatus.CONFLICT,
      'The change conflicts with related records (a reference is missing or in use)',
    );
  }
  const gone = driver.fatal === true || driver.errno === ER_CONNECTION_KILLED;
  if (gone || UNREACHABLE.has(code) || UNREACHABLE_MESSAGE.test(message)) {
    return problemBody(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly');
  }
  return undefined;
}
