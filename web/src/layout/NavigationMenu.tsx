import { type ReactNode, useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import type { MemberRole } from "../api/schema";
import { currentNavigationEntry, navigationFor } from "./navigation";

/**
 * The main navigation: a row of links on wide screens; under 640 px one "Menu" button naming the
 * current area, which opens the links as a list, and closes again once one is followed.
 * `badges` puts something after an entry's label (a count), keyed by the entry's path.
 */
export function NavigationMenu({
  role,
  badges = {},
}: {
  role: MemberRole | undefined;
  badges?: Partial<Record<string, ReactNode>>;
}) {
  const { pathname } = useLocation();
  const entries = navigationFor(role);
  const current = currentNavigationEntry(entries, pathname);
  const currentLabel = entries.find((entry) => entry.to === current)?.label;
  const [open, setOpen] = useState(false);

  // A followed link (or the back button) closes the menu on a phone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is what closes it
  useEffect(() => setOpen(false), [pathname]);

  return (
    <nav aria-label="Main" className="main-nav" data-open={open}>
      <button
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls="main-nav-list"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="menu-icon" />
        Menu
        {currentLabel && <span className="menu-current">: {currentLabel}</span>}
      </button>
      <ul id="main-nav-list">
        {entries.map((entry) => (
          <li key={entry.to}>
            <Link
              to={entry.to}
              aria-current={entry.to === current ? "page" : undefined}
              onClick={() => setOpen(false)}
            >
              {entry.label}
              {badges[entry.to]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
