import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; no database is needed to generate.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
