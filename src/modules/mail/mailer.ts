import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../../platform/config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** A calendar invitation (text/calendar; method=REQUEST or CANCEL), which mail clients offer to add. */
  icalEvent?: { method: "REQUEST" | "CANCEL"; content: string };
}

export interface Mailer {
  readonly transport: "smtp" | "file";
  /** Where .eml copies of sent messages live (the file transport writes them; erasure deletes them). */
  readonly outboxDir: string;
  /** Delivers the message; rejects when it could not. Answers the stored file's name (file transport). */
  send(message: MailMessage): Promise<{ fileName: string | null }>;
  /** Deletes a stored .eml copy; a file already gone is not an error. */
  deleteStoredMessage(fileName: string): Promise<void>;
}

type SmtpSettings = NonNullable<Config["smtp"]>;

const STORED_FILE_NAME = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f-]{36}\.eml$/;

/** Quoted-printable text keeps the stored messages readable and their encoding predictable. */
const composeOptions = { textEncoding: "quoted-printable" as const };

/** Creates the mailer the configuration asks for: SMTP when SMTP_HOST is set, else the file outbox. */
export function createMailer(config: Config): Mailer {
  const outboxDir = path.join(config.dataDir, "outbox");
  const from = config.smtp?.from ?? "Evident <no-reply@evident.local>";
  return config.smtp ? createSmtpMailer(config.smtp, outboxDir) : createFileMailer(outboxDir, from);
}

/** Sends through an SMTP server with nodemailer. Timeouts are short so a dead server fails fast. */
export function createSmtpMailer(smtp: SmtpSettings, outboxDir: string): Mailer {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? "" } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    transport: "smtp",
    outboxDir,
    async send(message) {
      await transporter.sendMail({ from: smtp.from, ...message, ...composeOptions });
      return { fileName: null };
    },
    deleteStoredMessage: (fileName) => deleteStoredFile(outboxDir, fileName),
  };
}

/**
 * Writes each message as an RFC 5322 .eml file into `outboxDir`, for installs without SMTP and
 * for development: any mail client opens the files. Names are generated, never taken from input.
 */
export function createFileMailer(outboxDir: string, from: string): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    transport: "file",
    outboxDir,
    async send(message) {
      const info = await composer.sendMail({ from, ...message, ...composeOptions });
      const raw = (info as unknown as { message: Buffer }).message;
      // Sortable by time, unique by the UUID: 20260105T093000123Z-<uuid>.eml
      const fileName = `${message.date.toISOString().replace(/[-:.]/g, "")}-${randomUUID()}.eml`;
      await mkdir(outboxDir, { recursive: true, mode: 0o700 });
      await writeFile(path.join(outboxDir, fileName), raw, { flag: "wx", mode: 0o600 });
      return { fileName };
    },
    deleteStoredMessage: (fileName) => deleteStoredFile(outboxDir, fileName),
  };
}

async function deleteStoredFile(outboxDir: string, fileName: string): Promise<void> {
  // The name comes from the database; only names this module generates may be deleted.
  if (!STORED_FILE_NAME.test(fileName))
    throw new Error(`Refusing to delete an unexpected file name: ${fileName}`);
  await rm(path.join(outboxDir, fileName), { force: true });
}
