import { useSession, useSwitchOrganization } from "../auth/session";
import { FormError } from "../ui/FormError";

export function OrganisationSwitcher() {
  const session = useSession();
  const switchOrganization = useSwitchOrganization();

  if (session.organizations.length === 0) return null;

  return (
    <div className="organisation-switcher">
      <label htmlFor="organisation-switcher">Organisation</label>
      <select
        id="organisation-switcher"
        className="select-inline"
        value={session.activeOrganization?.id ?? ""}
        disabled={switchOrganization.isPending}
        onChange={(event) => switchOrganization.mutate(event.target.value)}
      >
        {session.activeOrganization === null && (
          <option value="" disabled>
            Choose an organisation
          </option>
        )}
        {session.organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
      <FormError error={switchOrganization.error} />
    </div>
  );
}
