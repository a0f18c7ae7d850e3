import { engineSection } from './engine/index.ts';
import { httpSection } from './http/index.ts';
import { lighthouseSection } from './lighthouse/index.ts';
import { loadSection } from './load/index.ts';
import { workspaceSection } from './workspace/index.ts';
import type { Section } from './types.ts';

export type { BenchContext, Section } from './types.ts';

/**
 * The sections `npm run bench` runs, in order. To add one (the HTTP peers, the day sheet),
 * write `sections/<name>/index.ts` exporting a Section and list it here.
 */
export const SECTIONS: readonly Section[] = [
  engineSection,
  workspaceSection,
  httpSection,
  loadSection,
  lighthouseSection,
];
