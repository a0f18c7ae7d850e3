/**
 * The machine's processes as /proc shows them (Linux), for tests that must show that whatever a
 * command started is gone: its descendants, and everything left in their process groups.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type Proc = { pid: number; ppid: number; pgid: number; state: string; command: string };

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      out.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0]!, command });
    } catch {
      // it ended while we looked
    }
  }
  return out;
}

/** `root` and every process below it. */
export function tree(root: number, all = processes()): Proc[] {
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i]!.pid));
  return found;
}

/** Processes still running (zombies are dead) whose pid or process group is among the given ones. */
export function survivors(pids: Set<number>, groups: Set<number>): Proc[] {
  return processes().filter((p) => p.state !== 'Z' && (pids.has(p.pid) || groups.has(p.pgid)));
}
