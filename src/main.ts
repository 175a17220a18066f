import 'reflect-metadata';
import { BackOffice } from './admin/back-office.js';
import { createApp } from './app.factory.js';
import { AppConfig, loadConfig } from './config/app-config.js';
import { ConfigError } from './config/parse.js';
import { StartupService } from './database/startup.service.js';

function printBanner(config: AppConfig, url: string, adminPassword?: string): void {
  const { kind, sqlitePath, url: dbUrl } = config.database;
  const db = kind === 'sqlite' ? `SQLite ${sqlitePath}` : `${kind} ${new URL(dbUrl!).host}${new URL(dbUrl!).pathname}`;
  const lines = [
    '',
    `EasyCRM is running on ${url} (${db})`,
    `  API docs:      ${url}/docs  (OpenAPI JSON: ${url}/docs-json)`,
    `  Health check:  ${url}/health  and  ${url}/health/ready`,
    config.admin.enabled
      ? `  Back office:   ${url}/admin  (sign in with a staff account)`
      : '  Back office:   not served by this process (BACK_OFFICE=false)',
  ];
  if (adminPassword) {
    lines.push(
      `  First sign-in: username "admin", password "${adminPassword}"`,
      '  This password is shown only once: sign in and change it (POST /api/v1/auth/password).',
    );
  } else {
    lines.push('  Sign in with POST /api/v1/auth/login (the first account is "admin").');
  }
  if (config.jwt.generated) {
    lines.push('  Warning: JWT_SECRET is not set; a random secret is used and tokens end when the process stops.');
  }
  if (config.admin.sessionSecretGenerated) {
    lines.push(
      '  Warning: ADMIN_SESSION_SECRET is not set; a random secret is used and back-office sign-ins end when the process stops.',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  printBanner(config, `http://localhost:${port}`, app.get(StartupService).generatedAdminPassword);
  // AdminJS loads after the API is up (it is large); /admin requests meanwhile wait for it
  if (config.admin.enabled) {
    app
      .get(BackOffice)
      .start()
      .catch(() => undefined); // logged by BackOffice; /admin answers 503
  }
}

main().catch((error: Error) => {
  console.error(error.message.startsWith('Configuration error') ? error.message : error);
  process.exit(1);
});
