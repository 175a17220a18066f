/** What is wrong with an answer to a request the API must refuse (empty when it is a proper problem). */
export function problemFaults(status: number, contentType: string | null, text: string): string[] {
  const faults: string[] = [];
  if (status < 400 || status > 499) faults.push(`status ${status}, not 4xx`);
  if (status === 401 || status === 403) faults.push(`status ${status} for the admin`);
  if (!contentType?.startsWith('application/problem+json')) faults.push(`content-type ${contentType}`);
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    faults.push('body is not JSON');
  }
  if (body) {
    for (const member of ['type', 'title', 'detail'] as const) {
      if (typeof body[member] !== 'string') faults.push(`no ${member}`);
    }
    if (body.status !== status) faults.push(`body status ${String(body.status)} ≠ HTTP ${status}`);
  }
  // what a client must never see: stack frames, file paths, SQL and driver messages
  const leaks: [RegExp, string][] = [
    [/\bat .+\(?[\w/.-]+\.[jt]s:\d+/, 'a stack trace'],
    [/\/(work|src|node_modules|home|usr)\/[\w/.-]+/, 'a file path'],
    [/\b(SELECT .+ FROM|INSERT INTO|UPDATE \S+ SET|DELETE FROM)\b/i, 'SQL'],
    [/\b(SQLITE_\w+|ER_[A-Z_]+|QueryFailedError|TypeORM|syntax error)\b/, 'a database error'],
    [/\b(TypeError|ReferenceError|Cannot read propert)/, 'a JavaScript error'],
  ];
  for (const [pattern, what] of leaks) if (pattern.test(text)) faults.push(`body shows ${what}`);
  return faults;
}
