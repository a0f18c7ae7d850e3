/** The signed-in person and their workspace, shared by the pages of the app shell. */
import type { Me, WorkspaceInfo } from './api.ts';

export const app = $state<{ me: Me | null; info: WorkspaceInfo | null }>({ me: null, info: null });
