/** What recruiters and interviewers see instead of post-hire reviews, which the API refuses them. */
export function ReviewsNoAccess() {
  return (
    <article className="page">
      <title>Post-hire reviews – Evident</title>
      <h1>Post-hire reviews</h1>
      <div className="notice" role="status">
        <p>
          Only hiring managers and admins can see post-hire reviews. A hire's review is filed by their manager
          (whoever recorded the hire decision) or by an admin, because the reviews are how the organisation
          judges its own hiring.
        </p>
      </div>
    </article>
  );
}
