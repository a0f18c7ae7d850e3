import type { TestProject } from 'vitest/node';
import { startDevServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminKey: string;
  }
}

/** One dev server for the e2e project; torn down (the whole process group) at the end. */
export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide('baseUrl', server.url);
  project.provide('adminKey', server.adminKey);
  return async () => server.stop();
}
