import { type FormEvent, useState } from "react";
import type { Member, MemberRole } from "../api/schema";
import { useIsAdmin, useSession } from "../auth/session";
import { CardTable } from "../ui/CardTable";
import { Field, labelledOptions, SelectField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { formatDate } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { TableHead } from "../ui/TableHead";
import { memberRoleLabels, memberRoles } from "./member-roles";
import { useAddMember, useChangeMemberRole, useMembers, useRemoveMember } from "./members";

export function MembersPage() {
  const isAdmin = useIsAdmin();
  const members = useMembers();

  return (
    <section aria-labelledby="members-heading">
      <title>Members – Settings – Evident</title>
      <h2 id="members-heading">Members</h2>
      {!isAdmin && <p className="muted">Only organisation admins can add, change or remove members.</p>}
      {members.isPending && <Loading what="members" />}
      {members.isError && <LoadFailed error={members.error} onRetry={() => void members.refetch()} />}
      {members.data && <MembersTable members={members.data.items} editable={isAdmin} />}
      {isAdmin && <AddMemberForm />}
    </section>
  );
}

function MembersTable({ members, editable }: { members: Member[]; editable: boolean }) {
  return (
    <CardTable>
      <table>
        <caption className="visually-hidden">Members of this organisation</caption>
        <TableHead columns={["Name", "Email", "Role", "Added", ...(editable ? ["Actions"] : [])]} />
        <tbody>
          {members.map((member) =>
            editable ? (
              <EditableMemberRow key={member.userId} member={member} />
            ) : (
              <tr key={member.userId}>
                <th scope="row">{member.name}</th>
                <td>{member.email}</td>
                <td>{memberRoleLabels[member.role]}</td>
                <td>
                  <time dateTime={member.createdAt}>{formatDate(member.createdAt)}</time>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </CardTable>
  );
}

function EditableMemberRow({ member }: { member: Member }) {
  const session = useSession();
  const changeRole = useChangeMemberRole();
  const removeMember = useRemoveMember();
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  // A role change waits for a confirmation naming both roles, then says what happened.
  const [proposedRole, setProposedRole] = useState<MemberRole | null>(null);
  const [changedMessage, setChangedMessage] = useState("");
  const busy = changeRole.isPending || removeMember.isPending;
  const error = changeRole.error ?? removeMember.error;
  const isYou = member.userId === session.user.id;

  function confirmRoleChange(role: MemberRole) {
    removeMember.reset();
    changeRole.mutate(
      { userId: member.userId, role },
      {
        onSuccess: (changed) => {
          setChangedMessage(
            `${isYou ? "You are" : `${changed.name} is`} now ${article(memberRoleLabels[changed.role])}.`,
          );
        },
        onSettled: () => setProposedRole(null),
      },
    );
  }

  return (
    <>
      <tr>
        <th scope="row">
          {member.name}
          {isYou && <span className="muted"> (you)</span>}
        </th>
        <td>{member.email}</td>
        <td>
          <select
            aria-label={`Role for ${member.email}`}
            className="select-inline"
            value={proposedRole ?? member.role}
            disabled={busy}
            onChange={(event) => {
              const role = event.target.value as MemberRole;
              setChangedMessage("");
              changeRole.reset();
              setProposedRole(role === member.role ? null : role);
            }}
          >
            {memberRoles.map((role) => (
              <option key={role} value={role}>
                {memberRoleLabels[role]}
              </option>
            ))}
          </select>
          {proposedRole !== null && (
            <div className="confirm member-confirm">
              <span>
                Change {isYou ? "your role" : `${member.name}'s role`} from {memberRoleLabels[member.role]} to{" "}
                {memberRoleLabels[proposedRole]}?
              </span>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => confirmRoleChange(proposedRole)}
              >
                Change role
              </button>
              <button type="button" className="button button-secondary" onClick={() => setProposedRole(null)}>
                Keep {memberRoleLabels[member.role]}
              </button>
            </div>
          )}
          <p role="status" className="form-success">
            {changedMessage}
          </p>
        </td>
        <td>
          <time dateTime={member.createdAt}>{formatDate(member.createdAt)}</time>
        </td>
        <td>
          {isYou ? (
            // Nobody removes themselves (the API refuses it too); another admin can.
            <span className="muted">Another admin can remove you</span>
          ) : confirmingRemoval ? (
            <div className="confirm">
              <span>Remove {member.name}?</span>
              <button
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() => {
                  changeRole.reset();
                  removeMember.mutate(member.userId, { onError: () => setConfirmingRemoval(false) });
                }}
              >
                Confirm remove
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setConfirmingRemoval(false)}
              >
                Cancel
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => setConfirmingRemoval(true)}
            >
              Remove<span className="visually-hidden"> {member.name}</span>
            </button>
          )}
        </td>
      </tr>
      {error !== null && (
        <tr className="row-error">
          <td colSpan={5}>
            <FormError error={error} />
          </td>
        </tr>
      )}
    </>
  );
}

/** "an admin", "a recruiter": the role label as the end of a sentence. */
function article(roleLabel: string): string {
  const lower = roleLabel.toLowerCase();
  return `${/^[aeiou]/.test(lower) ? "an" : "a"} ${lower}`;
}

function AddMemberForm() {
  const addMember = useAddMember();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<MemberRole>("interviewer");
  const [password, setPassword] = useState("");
  const [addedMessage, setAddedMessage] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAddedMessage("");
    addMember.mutate(
      { email, name, role, ...(password === "" ? {} : { password }) },
      {
        onSuccess: (member) => {
          setAddedMessage(`Added ${member.name} as ${memberRoleLabels[member.role].toLowerCase()}.`);
          setEmail("");
          setName("");
          setRole("interviewer");
          setPassword("");
        },
      },
    );
  }

  return (
    <section aria-labelledby="add-member-heading" className="panel">
      <h3 id="add-member-heading">Add member</h3>
      <form onSubmit={submit} className="form">
        <p className="muted">Fields marked * are required.</p>
        <div className="field-row">
          <TextField
            id="member-email"
            label="Email"
            required
            type="email"
            value={email}
            onChange={setEmail}
          />
          <TextField id="member-name" label="Name" required value={name} onChange={setName} />
          <SelectField
            id="member-role"
            label="Role"
            required
            options={labelledOptions(memberRoles, memberRoleLabels)}
            value={role}
            onChange={(value) => setRole(value as MemberRole)}
          />
        </div>
        <Field
          id="member-password"
          label="Initial password"
          hint="Needed only if this person does not have an Evident account yet. At least 12 characters."
        >
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              minLength={12}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <FormError error={addMember.error} />
        <p role="status" className="form-success">
          {addedMessage}
        </p>
        <button type="submit" className="button" disabled={addMember.isPending}>
          Add member
        </button>
      </form>
    </section>
  );
}
