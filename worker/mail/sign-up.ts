/**
 * The sign-up confirmation email, through the same path as invitations (worker/mail/send.ts:
 * Resend, or the local outbox). Like the invitation, the token rides in the link's fragment.
 */
import type { Mail, MailSettings } from './send.ts';

export function signUpLink(setting: MailSettings, requestUrl: string, token: string): string {
  const origin = (setting('APP_URL') ?? new URL(requestUrl).origin).replace(/\/+$/, '');
  return `${origin}/sign-up/confirm#token=${token}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function signUpMail(workspace: { id: string; name: string }, to: string, link: string, expiresAt: number): Mail {
  const expires = new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ');
  const subject = `Confirm your new workspace ${workspace.name} on Laminate`;
  const text = [
    `Someone (we hope you) started a new Laminate workspace, ${workspace.name}, with this address.`,
    '',
    `Confirm it and sign in: ${link}`,
    '',
    `The link works once and expires at ${expires} UTC. If this was not you, ignore this email: nothing is created without it.`,
  ].join('\n');
  const html = `<p>Someone (we hope you) started a new Laminate workspace, <strong>${escapeHtml(workspace.name)}</strong>, with this address.</p><p><a href="${escapeHtml(link)}">Confirm it and sign in</a></p><p>The link works once and expires at ${expires} UTC. If this was not you, ignore this email: nothing is created without it.</p>`;
  return { workspaceId: workspace.id, to, subject, text, html };
}

/** To an address that already has an account: no new workspace, and nothing said to whoever asked. */
export function alreadyRegisteredMail(workspaceId: string, to: string, signInUrl: string): Mail {
  const subject = 'Your Laminate sign-up';
  const text = [
    'Someone (we hope you) tried to start a new Laminate workspace with this address, which already has an account.',
    'No workspace was created. One address belongs to one workspace on this installation.',
    '',
    `Sign in instead: ${signInUrl}`,
  ].join('\n');
  const html = `<p>Someone (we hope you) tried to start a new Laminate workspace with this address, which already has an account.</p><p>No workspace was created. One address belongs to one workspace on this installation.</p><p><a href="${escapeHtml(signInUrl)}">Sign in instead</a></p>`;
  return { workspaceId, to, subject, text, html };
}
