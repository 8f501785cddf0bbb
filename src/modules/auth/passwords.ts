import { type Algorithm, hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 declares Algorithm as a const enum, which type-stripping cannot inline.
const ARGON2ID = 2 as Algorithm;

/** OWASP's minimum argon2id profile (19 MiB, 2 passes, 1 lane): strong, and fast enough for login. */
const argon2Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string): Promise<string> => hash(password, argon2Options);

// Verifying against this when the email is unknown keeps both answers equally slow, so login
// timing does not reveal which emails have accounts.
let decoyHash: Promise<string> | null = null;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    decoyHash ??= hashPassword("decoy password that matches nothing");
    await verify(await decoyHash, password);
    return false;
  }
  return verify(storedHash, password);
}
