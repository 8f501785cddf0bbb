import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Integration secrets (webhook signing secrets, API tokens) at rest: AES-256-GCM under a key
 * derived from EVIDENT_SECRET with HKDF-SHA256 (RFC 5869), so the database alone never reveals
 * them. The additional authenticated data binds each ciphertext to its row (organisation and
 * integration id): a ciphertext copied into another row does not decrypt.
 *
 * Stored form: `v1.` + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext).
 */

const version = "v1";
const ivBytes = 12;
const tagBytes = 16;

export interface SecretBox {
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
}

/** The one key for integration secrets; a different `info` would give an unrelated key. */
export function deriveIntegrationKey(evidentSecret: string): Buffer {
  return Buffer.from(
    hkdfSync("sha256", evidentSecret, "evident/outcome-integrations", "integration secrets v1", 32),
  );
}

export function createSecretBox(evidentSecret: string): SecretBox {
  const key = deriveIntegrationKey(evidentSecret);
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(boundTo, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${version}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
    },
    open(sealed, boundTo) {
      const [prefix, body] = sealed.split(".", 2);
      if (prefix !== version || !body) throw new Error("not a sealed integration secret");
      const bytes = Buffer.from(body, "base64url");
      if (bytes.length < ivBytes + tagBytes) throw new Error("sealed integration secret is truncated");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivBytes));
      decipher.setAAD(Buffer.from(boundTo, "utf8"));
      decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
      return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
        "utf8",
      );
    },
  };
}
