import { QueryFailedError } from 'typeorm';
import { databaseProblem } from './database-errors.js';

const driverError = (fields: Record<string, unknown>) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(String(fields.message ?? 'x')), fields));

describe('databaseProblem: a database out of reach is a 503, whatever the driver calls it', () => {
  it.each([
    ['refused on connect', { code: 'ECONNREFUSED' }],
    ['reset mid-query (the server crashed)', { code: 'ECONNRESET', fatal: true }],
    ['broken pipe', { code: 'EPIPE' }],
    ['closed by the server', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }],
    ['server shutting down', { code: 'ER_SERVER_SHUTDOWN', errno: 1053 }],
    ['connection killed (MariaDB)', { errno: 1927, message: 'Connection was killed' }],
    ['any fatal connection error', { code: 'SOMETHING_NEW', fatal: true }],
    ['a command on a dead connection', { message: "Can't add new command when connection is in closed state" }],
    ['the pool queue is full', { message: 'Queue limit reached.' }],
  ])('%s', (_, fields) => {
    expect(databaseProblem(driverError(fields), undefined)?.status).toBe(503);
    expect(databaseProblem(Object.assign(new Error('x'), fields), undefined)?.status).toBe(503);
  });

  it('leaves other errors alone: a duplicate is 409, an unknown error a bug (500)', () => {
    expect(databaseProblem(driverError({ code: 'ER_DUP_ENTRY', message: "for key 'x'" }), undefined)?.status).toBe(409);
    expect(databaseProblem(driverError({ code: 'ER_PARSE_ERROR' }), undefined)).toBeUndefined();
  });
});
