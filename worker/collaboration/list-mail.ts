/**
 * The emails of a mailing-list send (R14, R16). Each subscriber receives the message, with
 * `{{name}}` replaced by their own name; the sender receives a receipt that names recipients
 * only when the sender may see personal data — otherwise it carries counts alone.
 */
type Subscriber = { name: string; email: string };
type Message = { subject: string; text: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const html = (text: string) => `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`;

export function listMail(message: Message, to: Subscriber) {
  const text = message.text.replaceAll('{{name}}', to.name);
  return { to: to.email, subject: message.subject, text, html: html(text) };
}

export function receiptMail(
  listName: string,
  subject: string,
  recipients: readonly Subscriber[],
  personalData: boolean,
) {
  const lines = [`"${subject}" was sent to ${recipients.length} subscriber(s) of ${listName}.`];
  if (personalData) lines.push('', ...recipients.map((r) => `- ${r.name} <${r.email}>`));
  const text = lines.join('\n');
  return { subject: `Sent: ${subject}`, text, html: html(text) };
}
