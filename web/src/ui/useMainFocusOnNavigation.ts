import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

/**
 * A client-side navigation does not move focus the way a page load does, so screen reader
 * and keyboard users would otherwise be left on the link they activated. The staff and the
 * candidate layouts give the returned ref to their <main>.
 */
export function useMainFocusOnNavigation() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPathname = useRef(pathname);

  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.focus({ preventScroll: false });
  }, [pathname]);

  return mainRef;
}
