import { FormError } from "./FormError";

/** The header's "Sign out" for staff and candidates alike, with why it failed, if it did, under it. */
export function SignOutButton({
  logout,
}: {
  logout: { isPending: boolean; error: unknown; mutate: () => void };
}) {
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        disabled={logout.isPending}
        onClick={() => logout.mutate()}
      >
        Sign out
      </button>
      <FormError error={logout.error} />
    </>
  );
}
