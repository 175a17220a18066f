import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server the runner started: killed by `stop`, its output kept for when it fails. */
export interface Server {
  child: ChildProcess;
  pid: number;
  url: string;
  output: () => string;
}

/** A loopback port free right now (the system picks it), for a server the runner is about to start. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

export function startServer(command: string[], env: Record<string, string>, port: number, cwd: string): Server {
  const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env, PORT: String(port) } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, pid: child.pid!, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Polls `url` until it answers `status`; returns the milliseconds since `since`. */
export async function waitFor(server: Server, path: string, since: number, status = 200, timeoutMs = 60_000) {
  while (Date.now() - since < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    const answered = await fetch(server.url + path, { redirect: 'manual' }).then(
      (res) => res.status,
      () => 0,
    );
    if (answered === status) return Date.now() - since;
    await sleep(20);
  }
  throw new Error(`${server.url}${path} did not answer ${status} within ${timeoutMs} ms:\n${server.output()}`);
}

export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  const exited = once(server.child, 'exit');
  if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) {
    server.child.kill('SIGKILL');
    await exited;
  }
}

/** Resident memory in MiB: VmRSS now, or VmHWM, the peak since start or since `resetPeakRss`. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

/** Linux resets VmHWM to the current RSS when 5 is written to clear_refs. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
