/**
 * The invitation email (R7). It names the workspace and carries the link, nothing else: no
 * inviter, no other people, no access details (someone else's personal data stays out of mail).
 */
import type { Mail, MailSettings } from './send.ts';

/**
 * The link. Its origin comes from APP_URL when set, so a forged Host header cannot point the
 * token at another site; the token is in the fragment, which browsers never send to servers.
 */
export function invitationLink(setting: MailSettings, requestUrl: string, token: string): string {
  const origin = (setting('APP_URL') ?? new URL(requestUrl).origin).replace(/\/+$/, '');
  return `${origin}/invite#token=${token}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function invitationMail(
  workspace: { id: string; name: string },
  to: string,
  link: string,
  expiresAt: number,
): Mail {
  const expires = new Date(expiresAt).toISOString().slice(0, 10);
  const subject = `You are invited to ${workspace.name} on Laminate`;
  const text = [
    `You have been invited to join ${workspace.name} on Laminate.`,
    '',
    `Set your password and sign in: ${link}`,
    '',
    `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this email.`,
  ].join('\n');
  const html = `<p>You have been invited to join <strong>${escapeHtml(workspace.name)}</strong> on Laminate.</p><p><a href="${escapeHtml(link)}">Set your password and sign in</a></p><p>The link works once and expires on ${expires}. If you did not expect this invitation, ignore this email.</p>`;
  return { workspaceId: workspace.id, to, subject, text, html };
}
