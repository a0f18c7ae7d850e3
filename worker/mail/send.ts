/**
 * Outgoing mail (R7). With RESEND_API_KEY, through the Resend SDK (RESEND_BASE_URL points it
 * elsewhere, e.g. a test stub); without one, into the local outbox that admins read at
 * GET /api/outbox. Either way the outbox keeps a record; the body (which holds a live link)
 * only when the mail never left.
 */
import { Resend } from 'resend';
import { outbox } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';
import { newId } from '../auth/crypto.ts';

export type Mail = { workspaceId: string; to: string; subject: string; text: string; html: string };
export type MailResult = { transport: 'local' | 'resend'; sent: boolean; error?: string };

export type MailSettingName = 'RESEND_API_KEY' | 'RESEND_BASE_URL' | 'MAIL_FROM' | 'APP_URL';
export type MailSettings = (name: MailSettingName) => string | undefined;

/** Settings from the Worker's bindings (`c.env`), else (on Node) from the environment. */
export const mailSettings =
  (env: unknown): MailSettings =>
  (name) => {
    const bound = (env as Record<string, unknown> | undefined)?.[name];
    if (typeof bound === 'string' && bound) return bound;
    const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    return fromEnv || undefined;
  };

export const DEFAULT_FROM = 'Laminate <no-reply@laminate.test>';

export async function sendMail(db: Db, setting: MailSettings, mail: Mail): Promise<MailResult> {
  const now = Date.now();
  const key = setting('RESEND_API_KEY');
  if (!key) {
    await db.insert(outbox).values({
      id: newId('mail'),
      workspaceId: mail.workspaceId,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      transport: 'local',
      createdAt: now,
    });
    return { transport: 'local', sent: true };
  }
  const baseUrl = setting('RESEND_BASE_URL');
  const resend = new Resend(key, baseUrl ? { baseUrl } : undefined);
  const { data, error } = await resend.emails.send({
    from: setting('MAIL_FROM') ?? DEFAULT_FROM,
    to: [mail.to],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
  const failure = error ? `${error.name}: ${error.message}` : undefined;
  await db.insert(outbox).values({
    id: newId('mail'),
    workspaceId: mail.workspaceId,
    to: mail.to,
    subject: mail.subject,
    text: null,
    transport: 'resend',
    providerId: data?.id ?? null,
    error: failure ?? null,
    createdAt: now,
  });
  return { transport: 'resend', sent: !error, ...(failure ? { error: failure } : {}) };
}
