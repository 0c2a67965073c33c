import type { TestProject } from 'vitest/node';
import { removeCluster, startPostgresCluster } from './helpers/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Starts one throwaway cluster for the PostgreSQL run of the API suite; each test app gets its own database. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => removeCluster(cluster);
}
