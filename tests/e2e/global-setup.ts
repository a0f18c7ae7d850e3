import type { TestProject } from 'vitest/node';
import { startDevServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminKey: string;
    /** The dev server's state folder (local D1), for reading the local outbox. */
    persist: string;
  }
}

/** One dev server for the e2e project; torn down (the whole process group, then its temp folder) at the end. */
export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide('baseUrl', server.url);
  project.provide('adminKey', server.adminKey);
  project.provide('persist', server.persist);
  return async () => server.dispose();
}
