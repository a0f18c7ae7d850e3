/** An invitation link's preview for the invite pages' `load` (who is invited, to which workspace). */
import { client, data, type Settled, settle } from './api.ts';

type Preview = Awaited<ReturnType<typeof readPreview>>;
const readPreview = (token: string) => data(client.api.invitations.preview.$post({ json: { token } }));

export async function readInvitation(token: string): Promise<{ token: string; preview: Settled<Preview> }> {
  if (!token)
    return {
      token,
      preview: { value: null, error: 'This invitation link is incomplete: open the link from your email again.' },
    };
  return { token, preview: await settle(readPreview(token)) };
}
