import { client, data } from '#lib/api';

/** The workspace's settings, whether the reader may change them (and why not), and its artists. */
export const load = async () => ({ answer: await data(client.api.settings.$get()) });
