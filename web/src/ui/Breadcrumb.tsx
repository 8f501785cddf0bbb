import { Link, type LinkProps } from "react-router";

/** The link back up from a page to the list or page it belongs to, above the page's heading. */
export function Breadcrumb(props: LinkProps) {
  return (
    <p className="breadcrumb">
      <Link {...props} />
    </p>
  );
}
