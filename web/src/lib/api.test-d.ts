/**
 * Issue 14, acceptance 1, kept: the client's answers are the routes' declared types, so a
 * renamed or retyped response field breaks the UI's type-check (`npm run typecheck`: svelte-check
 * reads this file; nothing imports it and it never runs). If `App` lost its routes, or `data`/
 * `Answer` decayed to `any`/`unknown`, the `@ts-expect-error` below would go unused and the
 * assertions would fail: either way svelte-check reports an error.
 */
import type { PageData as TasksPage } from '../routes/(app)/tasks/$types';
import type { Answer, client } from './api.ts';

type IsAny<T> = 0 extends 1 & T ? true : false;
type IsUnknown<T> = IsAny<T> extends true ? false : unknown extends T ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Task = Answer<typeof client.api.tasks.$get>['tasks'][number];
/** A task as the tasks page gets it from its load (+page.ts → settle → data). */
type LoadedTask = NonNullable<TasksPage['tasks']['value']>['tasks'][number];

export type AnswersAreDeclared = [
  Expect<Equal<IsAny<Task>, false>>,
  Expect<Equal<IsUnknown<Task>, false>>,
  Expect<Equal<IsAny<LoadedTask>, false>>,
  Expect<Equal<LoadedTask, Task>>,
  Expect<Equal<Task['title'], string>>,
  Expect<Equal<Task['status'], 'open' | 'in_progress' | 'done'>>,
  Expect<Equal<Task['assignee'], { id: string; name: string } | undefined>>,
];

/** The tasks page reads `title`: a misspelt field is an error, not `any`. */
export function misspelt(task: LoadedTask): string {
  // @ts-expect-error `titel` is not a field of a task (GET /api/tasks declares `title`)
  return task.titel;
}
