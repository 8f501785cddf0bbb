import { type FormEvent, useEffect, useRef, useState } from "react";
import type { ApiToken } from "../api/schema";
import { useIsAdmin } from "../auth/session";
import { CardTable } from "../ui/CardTable";
import { Field, NumberField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { formatDate, formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { TableHead } from "../ui/TableHead";
import { tokenState, useCreateToken, useRevokeToken, useTokens } from "./tokens";

export function TokensPage() {
  const isAdmin = useIsAdmin();
  const tokens = useTokens();
  // The secret lives only in this component's state: it is never cached or shown again.
  const [newSecret, setNewSecret] = useState<{ tokenName: string; secret: string } | null>(null);

  return (
    <section aria-labelledby="tokens-heading">
      <title>API tokens – Settings – Evident</title>
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        API tokens let scripts and integrations call the Evident API as you.
        {isAdmin && " As an admin you can see and revoke every token in this organisation."}
      </p>

      <CreateTokenForm onCreated={(tokenName, secret) => setNewSecret({ tokenName, secret })} />
      {newSecret && (
        <NewTokenSecret
          key={newSecret.secret}
          tokenName={newSecret.tokenName}
          secret={newSecret.secret}
          onDone={() => setNewSecret(null)}
        />
      )}

      <h3>{isAdmin ? "Tokens in this organisation" : "Your tokens"}</h3>
      {tokens.isPending && <Loading what="tokens" />}
      {tokens.isError && <LoadFailed error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data &&
        (tokens.data.items.length === 0 ? (
          <p>There are no API tokens yet.</p>
        ) : (
          <TokensTable tokens={tokens.data.items} showOwner={isAdmin} />
        ))}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (tokenName: string, secret: string) => void }) {
  const createToken = useCreateToken();
  const [name, setName] = useState("");
  const [expiresInDays, setExpiresInDays] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = {
      name: name.trim(),
      ...(expiresInDays === "" ? {} : { expiresInDays: Number(expiresInDays) }),
    };
    createToken.mutate(request, {
      onSuccess: (created) => {
        onCreated(created.token.name, created.secret);
        setName("");
        setExpiresInDays("");
      },
    });
  }

  return (
    <section aria-labelledby="create-token-heading" className="panel">
      <h3 id="create-token-heading">Create a token</h3>
      <form onSubmit={submit} className="form">
        <div className="field-row">
          <TextField
            id="token-name"
            label="Token name"
            required
            hint={`Say where it is used, for example "CI pipeline".`}
            maxLength={100}
            value={name}
            onChange={setName}
          />
          <NumberField
            id="token-expiry"
            label="Expires after (days)"
            hint="Optional. Leave empty for a token that does not expire."
            min={1}
            step={1}
            value={expiresInDays}
            onChange={(text) => setExpiresInDays(text)}
          />
        </div>
        <FormError error={createToken.error} />
        <button type="submit" className="button" disabled={createToken.isPending}>
          Create token
        </button>
      </form>
    </section>
  );
}

function NewTokenSecret({
  tokenName,
  secret,
  onDone,
}: {
  tokenName: string;
  secret: string;
  onDone: () => void;
}) {
  const secretField = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState("");

  // Each new secret remounts this panel (it is keyed by the secret), so focusing on mount
  // puts the user straight on the value they must copy.
  useEffect(() => {
    secretField.current?.focus();
    secretField.current?.select();
  }, []);

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyStatus("Copied to the clipboard.");
    } catch {
      // Clipboard access can be refused (permissions, insecure context); selecting lets the user copy by hand.
      secretField.current?.select();
      setCopyStatus("Could not copy automatically. The secret is selected: press Ctrl+C or ⌘C to copy it.");
    }
  }

  return (
    <section aria-labelledby="new-token-heading" className="panel secret-panel">
      <h3 id="new-token-heading">Token “{tokenName}” created</h3>
      <p id="new-token-warning" className="warning">
        Copy this secret now and store it somewhere safe. You will not see this again: Evident keeps only a
        hash of it.
      </p>
      <Field id="new-token-secret" label="New token secret">
        {(control) => (
          <div className="copy-row">
            <input
              {...control}
              ref={secretField}
              readOnly
              value={secret}
              aria-describedby="new-token-warning"
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" className="button" onClick={() => void copySecret()}>
              Copy
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="form-success">
        {copyStatus}
      </p>
      <button type="button" className="button button-secondary" onClick={onDone}>
        I have stored the secret
      </button>
    </section>
  );
}

function TokensTable({ tokens, showOwner }: { tokens: ApiToken[]; showOwner: boolean }) {
  return (
    <CardTable>
      <table>
        <caption className="visually-hidden">API tokens</caption>
        <TableHead
          columns={[
            "Name",
            "Prefix",
            ...(showOwner ? ["Owner"] : []),
            "Created",
            "Last used",
            "Expires",
            "Status",
          ]}
        />
        <tbody>
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} showOwner={showOwner} />
          ))}
        </tbody>
      </table>
    </CardTable>
  );
}

function TokenRow({ token, showOwner }: { token: ApiToken; showOwner: boolean }) {
  const revokeToken = useRevokeToken();
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const state = tokenState(token);
  const columnCount = showOwner ? 7 : 6;

  return (
    <>
      <tr className={state === "active" ? undefined : "row-inactive"}>
        <th scope="row">{token.name}</th>
        <td>
          <code>{token.prefix}…</code>
        </td>
        {showOwner && <td>{token.user.email}</td>}
        <td>
          <time dateTime={token.createdAt}>{formatDate(token.createdAt)}</time>
        </td>
        <td>
          {token.lastUsedAt ? (
            <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt)}</time>
          ) : (
            "Never"
          )}
        </td>
        <td>
          {token.expiresAt ? <time dateTime={token.expiresAt}>{formatDate(token.expiresAt)}</time> : "Never"}
        </td>
        <td>
          {state === "revoked" && token.revokedAt && (
            <span className="token-state">
              Revoked <time dateTime={token.revokedAt}>{formatDate(token.revokedAt)}</time>
            </span>
          )}
          {state === "expired" && <span className="token-state">Expired</span>}
          {state === "active" &&
            (confirmingRevoke ? (
              <div className="confirm">
                <span>Revoke “{token.name}”? Anything using it will stop working.</span>
                <button
                  type="button"
                  className="button button-danger"
                  disabled={revokeToken.isPending}
                  onClick={() => revokeToken.mutate(token.id, { onError: () => setConfirmingRevoke(false) })}
                >
                  Confirm revoke
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={revokeToken.isPending}
                  onClick={() => setConfirmingRevoke(false)}
                >
                  Cancel
                </button>
              </div>
            ) : (
              <span className="token-active">
                <span>Active</span>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    revokeToken.reset();
                    setConfirmingRevoke(true);
                  }}
                >
                  Revoke
                </button>
              </span>
            ))}
        </td>
      </tr>
      {revokeToken.error !== null && (
        <tr className="row-error">
          <td colSpan={columnCount}>
            <FormError error={revokeToken.error} />
          </td>
        </tr>
      )}
    </>
  );
}
