import { beforeAll, describe, expect, it } from 'vitest';
import { membershipTuples } from '../../model/tuples.ts';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';
import { body, ids, signedIn } from './collab-client.ts';

type Task = { id: string; title: string; assignee?: { id: string }; can: { edit: boolean } };
const DEMO = [
  'tsk_cara_scans',
  'tsk_dev_cables',
  'tsk_dev_iem',
  'tsk_eli_power',
  'tsk_guest_reminder',
  'tsk_merch_count',
];
const demoOnly = (list: Task[]) => ids(list).filter((id) => DEMO.includes(id));

async function taskList(client: Client): Promise<Task[]> {
  const response = await client.get('/api/tasks');
  expect(response.status).toBe(200);
  return (await body<{ tasks: Task[] }>(response)).tasks;
}

/** Tasks (issue 6, R18, R13), through the HTTP API. */
export function tasksSuite(harness: Harness): void {
  describe(`tasks on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
    });

    it("R18 own: Dev sees the two tasks assigned to him, not unassigned ones nor others'", async () => {
      expect(demoOnly(await taskList(await signedIn(harness, 'dev')))).toEqual(['tsk_dev_cables', 'tsk_dev_iem']);
    });

    it("R18 own + unassigned: Eli sees his task and the two unassigned ones, not Dev's", async () => {
      expect(demoOnly(await taskList(await signedIn(harness, 'eli')))).toEqual([
        'tsk_eli_power',
        'tsk_guest_reminder',
        'tsk_merch_count',
      ]);
    });

    it('R18 all: Cara also sees tasks of people she shares a group with — and not of someone she shares none with', async () => {
      const cara = await signedIn(harness, 'cara');
      expect(demoOnly(await taskList(cara))).toEqual(DEMO);
      const ana = await signedIn(harness, 'ana');
      const created = await ana.json('POST', '/api/tasks', { title: 'Send Gus the stage plot', assigneeId: 'per_gus' });
      expect(created.status).toBe(201);
      const taskId = (await body<{ task: Task }>(created)).task.id;
      expect(ids(await taskList(cara))).toContain(taskId);
      // Gus leaves the Default group, the only group he shares with Cara
      await withTuples(harness, { deletes: membershipTuples('grp_default', 'per_gus') }, async () => {
        expect(ids(await taskList(cara))).not.toContain(taskId);
        expect((await cara.get(`/api/tasks/${taskId}`)).status).toBe(404);
      });
      expect((await ana.json('DELETE', `/api/tasks/${taskId}`)).status).toBe(204);
    });

    it('R18: switching Dev to own + unassigned shows him the unassigned tasks on the next request', async () => {
      const dev = await signedIn(harness, 'dev');
      await withTuples(
        harness,
        { writes: [{ object: 'workspace:ws_northline', relation: 'tasks_unassigned', user: 'user:per_dev' }] },
        async () => {
          expect(demoOnly(await taskList(dev))).toEqual([
            'tsk_dev_cables',
            'tsk_dev_iem',
            'tsk_guest_reminder',
            'tsk_merch_count',
          ]);
        },
      );
    });

    it('R13: a standard user edits only tasks they created', async () => {
      const dev = await signedIn(harness, 'dev');
      const tasks = await taskList(dev);
      expect(tasks.find((t) => t.id === 'tsk_dev_iem')?.can.edit).toBe(true);
      expect(tasks.find((t) => t.id === 'tsk_dev_cables')?.can.edit).toBe(false);
      expect((await dev.json('PATCH', '/api/tasks/tsk_dev_iem', { status: 'in_progress' })).status).toBe(200);
      const denied = await dev.json('PATCH', '/api/tasks/tsk_dev_cables', { status: 'done' });
      expect(denied.status).toBe(403);
      const eli = await signedIn(harness, 'eli');
      expect((await eli.json('PATCH', '/api/tasks/tsk_merch_count', { assigneeId: 'per_eli' })).status).toBe(403);
      expect((await eli.json('PATCH', '/api/tasks/tsk_dev_cables', { status: 'done' })).status).toBe(404);
      await dev.json('PATCH', '/api/tasks/tsk_dev_iem', { status: 'open' });
    });

    it("R13: an administrator edits any task; reassigning moves it between people's lists", async () => {
      const ben = await signedIn(harness, 'ben');
      const moved = await ben.json('PATCH', '/api/tasks/tsk_merch_count', { assigneeId: 'per_dev' });
      expect(moved.status).toBe(200);
      expect((await body<{ task: Task }>(moved)).task.assignee?.id).toBe('per_dev');
      const dev = await signedIn(harness, 'dev');
      const eli = await signedIn(harness, 'eli');
      expect(ids(await taskList(dev))).toContain('tsk_merch_count');
      expect(ids(await taskList(eli))).not.toContain('tsk_merch_count');
      expect((await ben.json('PATCH', '/api/tasks/tsk_merch_count', { assigneeId: null })).status).toBe(200);
      expect(ids(await taskList(eli))).toContain('tsk_merch_count');
    });

    it('R13: a read-only user still creates tasks (and sees and edits what they created)', async () => {
      const ivan = await signedIn(harness, 'ivan');
      expect(demoOnly(await taskList(ivan))).toEqual([]);
      const created = await ivan.json('POST', '/api/tasks', {
        title: 'Prepare the withholding-tax forms',
        dueDate: '2026-12-01',
      });
      expect(created.status).toBe(201);
      const task = (await body<{ task: Task }>(created)).task;
      expect(ids(await taskList(ivan))).toContain(task.id);
      expect((await ivan.json('PATCH', `/api/tasks/${task.id}`, { status: 'done' })).status).toBe(200);
      expect((await ivan.json('DELETE', `/api/tasks/${task.id}`)).status).toBe(204);
    });

    it('bad input is a 400 naming the field', async () => {
      const ana = await signedIn(harness, 'ana');
      for (const [input, field] of [
        [{}, 'title'],
        [{ title: 'x', dueDate: '2026-02-30' }, 'dueDate'],
        [{ title: 'x', assigneeId: 'per_nobody' }, 'assigneeId'],
        [{ title: 'x', assigneeId: 'per_harbor' }, 'assigneeId'],
        [{ title: 'x', status: 'later' }, 'status'],
      ] as const) {
        const response = await ana.json('POST', '/api/tasks', input);
        expect([response.status, (await body(response)).field], JSON.stringify(input)).toEqual([400, field]);
      }
      const patch = await ana.json('PATCH', '/api/tasks/tsk_dev_iem', {});
      expect(patch.status).toBe(400);
    });

    it('security: 401 without a session on every endpoint', async () => {
      const anon = new Client(harness);
      for (const [method, path] of [
        ['GET', '/api/tasks'],
        ['POST', '/api/tasks'],
        ['GET', '/api/tasks/tsk_dev_iem'],
        ['PATCH', '/api/tasks/tsk_dev_iem'],
        ['DELETE', '/api/tasks/tsk_dev_iem'],
      ] as const) {
        expect(
          (await anon.json(method, path, method === 'GET' || method === 'DELETE' ? undefined : {})).status,
          `${method} ${path}`,
        ).toBe(401);
      }
    });

    it("R1: another workspace's task answers 404 and is never listed", async () => {
      const ana = await signedIn(harness, 'ana');
      expect((await ana.get(`/api/tasks/${HARBOR_COLLAB.taskId}`)).status).toBe(404);
      expect((await ana.json('PATCH', `/api/tasks/${HARBOR_COLLAB.taskId}`, { status: 'done' })).status).toBe(404);
      expect((await ana.json('DELETE', `/api/tasks/${HARBOR_COLLAB.taskId}`)).status).toBe(404);
      expect(ids(await taskList(ana))).not.toContain(HARBOR_COLLAB.taskId);
      const harbor = await signedIn(harness, 'harbor');
      expect(ids(await taskList(harbor))).toEqual([HARBOR_COLLAB.taskId]);
      expect((await harbor.json('PATCH', '/api/tasks/tsk_dev_iem', { status: 'done' })).status).toBe(404);
    });
  });
}
