import { client, data } from '#lib/api';

/** Mailing lists (R14): those left on for the reader, each with what they may do (`can.send`). */
export const load = async () => ({ lists: (await data(client.api['mailing-lists'].$get())).mailingLists });
