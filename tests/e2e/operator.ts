/**
 * Acting as an external system with the operator key: the OpenFGA API on the same server.
 * Used to change access the way an integration would, then watch the UI follow.
 */
export async function workspaceStoreId(baseUrl: string, adminKey: string): Promise<string> {
  const response = await fetch(`${baseUrl}/stores`, { headers: { authorization: `Bearer ${adminKey}` } });
  if (!response.ok) throw new Error(`GET /stores: ${response.status} ${await response.text()}`);
  const { stores } = (await response.json()) as { stores: { id: string; name: string }[] };
  const store = stores.find((s) => s.name === 'Northline Mgmt workspace');
  if (!store) throw new Error('the Northline workspace store is missing');
  return store.id;
}

export async function writeTuples(
  baseUrl: string,
  adminKey: string,
  storeId: string,
  change: {
    writes?: { object: string; relation: string; user: string }[];
    deletes?: { object: string; relation: string; user: string }[];
  },
): Promise<void> {
  const body = {
    ...(change.writes?.length ? { writes: { tuple_keys: change.writes } } : {}),
    ...(change.deletes?.length ? { deletes: { tuple_keys: change.deletes } } : {}),
  };
  const response = await fetch(`${baseUrl}/stores/${storeId}/write`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`write: ${response.status} ${await response.text()}`);
}
