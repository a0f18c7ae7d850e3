/**
 * The email-change confirmation (issue 15), through the invitations' mail path (Resend, or the
 * local outbox), sent to the NEW address. Like the invitation, the token rides in the fragment.
 */
import type { Mail, MailSettings } from './send.ts';

export function emailChangeLink(setting: MailSettings, requestUrl: string, token: string): string {
  const origin = (setting('APP_URL') ?? new URL(requestUrl).origin).replace(/\/+$/, '');
  return `${origin}/email-change#token=${token}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function emailChangeMail(
  workspace: { id: string; name: string },
  to: string,
  link: string,
  expiresAt: number,
): Mail {
  const expires = new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ');
  const subject = `Confirm your new email address for ${workspace.name} on Laminate`;
  const text = [
    `Your Laminate account in ${workspace.name} is to use this address from now on.`,
    '',
    `Confirm it: ${link}`,
    '',
    `The link works once and expires at ${expires} UTC. Until it is followed, nothing changes.`,
  ].join('\n');
  const html = `<p>Your Laminate account in <strong>${escapeHtml(workspace.name)}</strong> is to use this address from now on.</p><p><a href="${escapeHtml(link)}">Confirm it</a></p><p>The link works once and expires at ${expires} UTC. Until it is followed, nothing changes.</p>`;
  return { workspaceId: workspace.id, to, subject, text, html };
}
