import { type Answer, client, data, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/**
 * A folder (`?folder=`) or the top level (R22): the folders and files in it the reader may see,
 * each with its `can` flags, the path to it, and whether the reader may add here (edit on the
 * folder; Manage files at the top level).
 */
type Here = {
  canAdd: boolean;
  current: (Answer<(typeof client.api.folders)[':id']['$get']>['folder'] & { can: FolderCan }) | null;
  path: Answer<(typeof client.api.folders)[':id']['$get']>['path'];
  folders: Answer<typeof client.api.folders.$get>['folders'];
  files: Answer<typeof client.api.files.$get>['files'];
};
type FolderCan = Answer<(typeof client.api.folders)[':id']['$get']>['can'];

export const load = (async ({ depends, url }) => {
  depends(VIEW_AS, READ.files);
  const id = url.searchParams.get('folder');
  const here = settle<Here>(
    id
      ? data(client.api.folders[':id'].$get({ param: { id } })).then((r) => ({
          canAdd: r.can.edit,
          current: { ...r.folder, can: r.can },
          path: r.path,
          folders: r.folders,
          files: r.files,
        }))
      : Promise.all([
          data(client.api.folders.$get({ query: { parentId: 'root' } })),
          data(client.api.files.$get({ query: { folderId: 'root' } })),
        ]).then(([f, fi]) => ({
          canAdd: f.topLevel.create,
          current: null,
          path: [],
          folders: f.folders,
          files: fi.files,
        })),
  );
  return { here: await here };
}) satisfies PageLoad;
