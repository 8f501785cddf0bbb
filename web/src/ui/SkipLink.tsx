/** The first link on every page, for keyboard users: it skips the header and navigation to `<main id={mainId}>`. */
export function SkipLink({ mainId }: { mainId: string }) {
  return (
    <a className="skip-link" href={`#${mainId}`}>
      Skip to main content
    </a>
  );
}
