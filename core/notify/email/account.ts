/**
 * The words of account e-mails: verify an address, reset a password, and the note to an
 * address's owner when someone tries to register it again. Pure: the caller passes
 * everything in. Every user-supplied value is escaped in the HTML part.
 */
import { html, type SafeHtml } from '../html.js';
import type { RenderedEmail } from './render.js';

export interface AccountEmailOptions {
  name: string;
  /** The server's public address, e.g. https://yava.example.com. */
  publicUrl: string;
}

function page(subject: string, paragraphs: SafeHtml[]): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
${paragraphs.map((p) => html`<p>${p}</p>`)}
</body></html>`.value;
}

/** "Confirm your email address": a link to the verify page, valid for `validHours`. */
export function renderVerificationEmail(options: AccountEmailOptions & { link: string; validHours: number }): RenderedEmail {
  const subject = 'Confirm your email address for Yava';
  const lead = 'Confirm that this address is yours, so meetings booked with it show up in your account.';
  const validity = `The link works once and expires in ${options.validHours} hours. If you did not create a Yava account, ignore this message.`;
  const text = [`Hello ${options.name},`, '', lead, '', `Confirm: ${options.link}`, '', validity, '', '— Yava'].join('\n');
  return {
    subject,
    text,
    html: page(subject, [html`Hello ${options.name},`, html`${lead}`, html`<a href="${options.link}" style="color:#0b57d0">Confirm my email address</a>`, html`${validity}`]),
  };
}

/** The reset code (token) with the ways to use it, valid for `validMinutes`. */
export function renderPasswordResetEmail(options: AccountEmailOptions & { token: string; validMinutes: number }): RenderedEmail {
  const subject = 'Reset your Yava password';
  const lead = 'Someone (hopefully you) asked to reset the password of your Yava account. To choose a new one, run:';
  const command = `yava password reset --token ${options.token}`;
  const api = `or POST ${options.publicUrl}/api/auth/password-reset/confirm with {"token": "${options.token}", "password": "…"}.`;
  const validity = `The code works once and expires in ${options.validMinutes} minutes. Resetting signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.`;
  const text = [`Hello ${options.name},`, '', lead, '', `  ${command}`, '', api, '', validity, '', '— Yava'].join('\n');
  return {
    subject,
    text,
    html: page(subject, [html`Hello ${options.name},`, html`${lead}`, html`<code>${command}</code>`, html`${api}`, html`${validity}`]),
  };
}

/** To the owner of an address someone tried to register again: nothing changed. */
export function renderRegistrationAttemptEmail(options: AccountEmailOptions): RenderedEmail {
  const subject = 'Someone tried to create a Yava account with your email';
  const lead = 'Someone tried to create a new Yava account with this email address. You already have one, so nothing was created and nothing changed.';
  const hint = `If it was you, log in instead (yava login --server ${options.publicUrl}); if you forgot your password, run "yava password reset". If it was not you, you need not do anything.`;
  const text = [`Hello ${options.name},`, '', lead, '', hint, '', '— Yava'].join('\n');
  return { subject, text, html: page(subject, [html`Hello ${options.name},`, html`${lead}`, html`${hint}`]) };
}
