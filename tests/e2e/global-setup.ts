import type { TestProject } from 'vitest/node';
import { startDevServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One dev server for the e2e project; torn down (the whole process group) at the end. */
export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide('baseUrl', server.url);
  return async () => server.stop();
}
