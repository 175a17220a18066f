import mysql from 'mysql2/promise';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { PrivateMariaDb } from './support/private-mariadb.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * DATABASE_REPLICA_URLS: a primary and a replica MariaDB of the test's own, replicating. To tell which server
 * answered, the test stops replication: whatever is written then is on the primary only, so a read that finds it
 * came from the primary and a read that misses it came from the replica.
 */
const DATABASE = 'easycrm_replicated';
const run = PrivateMariaDb.available() && !process.env.TEST_DATABASE_URL ? describe : describe.skip;

run('read replicas', () => {
  let primary: PrivateMariaDb;
  let replica: PrivateMariaDb;
  let onReplica: mysql.Connection;
  let onPrimary: mysql.Connection;
  let t: TestApp;
  let admin: Auth;

  const connect = (server: PrivateMariaDb) =>
    mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', multipleStatements: true });
  /** Waits until the replica has applied everything the primary wrote so far. */
  const caughtUp = async () => {
    const [[{ pos }]] = (await onPrimary.query('SELECT @@gtid_binlog_pos AS pos')) as [{ pos: string }[], unknown];
    await onReplica.query('SELECT MASTER_GTID_WAIT(?, 30) AS waited', [pos]);
  };
  const customerName = async (connection: mysql.Connection, id: number) => {
    const [rows] = (await connection.query(`SELECT name FROM ${DATABASE}.customer WHERE id = ?`, [id])) as [
      { name: string }[],
      unknown,
    ];
    return rows[0]?.name;
  };

  beforeAll(async () => {
    [primary, replica] = await Promise.all([
      PrivateMariaDb.start({ options: ['--log-bin=primary-bin', '--server-id=1', '--binlog-format=ROW'] }),
      PrivateMariaDb.start({ options: ['--server-id=2'] }),
    ]);
    onPrimary = await connect(primary);
    onReplica = await connect(replica);
    await onReplica.query(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', ` +
        "MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos; START SLAVE",
    );
    await onPrimary.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    t = await startTestApp(
      {},
      {
        database: {
          env: { DATABASE_URL: primary.url(DATABASE), DATABASE_REPLICA_URLS: replica.url(DATABASE) },
          drop: async () => undefined, // the servers go, with their data folders
        },
      },
    );
    admin = await adminAuth(t);
    await caughtUp();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await onPrimary?.end();
    await onReplica?.end();
    await Promise.all([primary?.remove(), replica?.remove()]);
  });

  it('replicates the schema the app migrated on the primary', async () => {
    const [tables] = (await onReplica.query(`SHOW TABLES FROM ${DATABASE}`)) as [unknown[], unknown];
    expect(tables.length).toBeGreaterThan(20);
  });

  it('writes on the primary, answers a create from the primary, and serves GETs from the replica', async () => {
    await onReplica.query('STOP SLAVE');
    try {
      const created = await t.http
        .post('/api/v1/customers')
        .set(admin)
        .send({ name: '主库客户', qq: '123450001', source: 3 });
      expect(created.status).toBe(201);
      expect(created.body.name).toBe('主库客户'); // read back on the primary: the replica has not got it
      expect(await customerName(onPrimary, created.body.id)).toBe('主库客户');
      expect(await customerName(onReplica, created.body.id)).toBeUndefined();

      // GETs read the replica, which has not seen the customer yet
      await t.http.get(`/api/v1/customers/${created.body.id}`).set(admin).expect(404);
      const list = await t.http.get('/api/v1/customers').set(admin).query({ q: '主库' }).expect(200);
      expect(list.body.data).toEqual([]);

      // a write request reads on the primary: the update finds the customer and answers its new state
      const updated = await t.http
        .patch(`/api/v1/customers/${created.body.id}`)
        .set(admin)
        .send({ version: created.body.version, name: '主库客户（改）' })
        .expect(200);
      expect(updated.body.name).toBe('主库客户（改）');
    } finally {
      await onReplica.query('START SLAVE');
    }
    await caughtUp();
    const list = await t.http.get('/api/v1/customers').set(admin).query({ q: '主库' }).expect(200);
    expect(list.body.data.map((c: { name: string }) => c.name)).toEqual(['主库客户（改）']);
  });

  it('checks the signed-in account on the primary: a new account works at once, a disabled one stops at once', async () => {
    await onReplica.query('STOP SLAVE');
    try {
      const staff = await staffWithRole(t, admin, 'fresh', 'consultant'); // on the primary only
      await t.http.get('/api/v1/customers').set(staff.auth).expect(200);
      const { body } = await t.http.get(`/api/v1/staff/${staff.id}`).set(admin);
      // (the replica does not know the account: that GET read it there)
      expect(body.status).toBe(404);
      const [[row]] = (await onPrimary.query(`SELECT version FROM ${DATABASE}.staff WHERE id = ?`, [staff.id])) as [
        { version: number }[],
        unknown,
      ];
      await t.http
        .patch(`/api/v1/staff/${staff.id}`)
        .set(admin)
        .send({ version: row.version, isActive: false })
        .expect(200);
      await t.http.get('/api/v1/customers').set(staff.auth).expect(401);
    } finally {
      await onReplica.query('START SLAVE');
    }
    await caughtUp();
  });
});
