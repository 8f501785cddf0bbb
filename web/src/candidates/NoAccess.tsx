/** What interviewers see instead of candidate, application and plan data, which the API refuses them. */
export function NoAccess({ what }: { what: string }) {
  return (
    <div className="notice" role="status">
      <p>
        Only admins, recruiters and hiring managers can see {what}. Interviewers rate candidates in their own
        interviews without seeing the rest of the hiring record, so that each rating stays independent.
      </p>
    </div>
  );
}
