import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseDatabase } from './src/config/app-config.js';
import { buildDataSourceOptions } from './src/database/data-source-options.js';

/** The DataSource the typeorm CLI uses: `npm run typeorm -- migration:show`. Reads DATABASE_URL / SQLITE_PATH. */
export default new DataSource(buildDataSourceOptions(parseDatabase(process.env)));
