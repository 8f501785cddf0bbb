import type { ReactNode } from "react";
import { errorDetail, isForbidden, NO_ACCESS_MESSAGE } from "../api/client";
import { FormError } from "./FormError";

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

/**
 * A failed load. A refusal is not a failure to retry: trying again gets the same answer, so it
 * says plainly that this is not open to the person's role, and offers no button.
 */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isForbidden(error)) return <NoAccessNotice />;
  return (
    <div role="alert" className="form-error">
      <p>{errorDetail(error)}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** What a page says to someone whose role may not open it. */
export function NoAccessNotice({ children }: { children?: ReactNode }) {
  return (
    <div className="notice no-access" role="status">
      <p>{children ?? NO_ACCESS_MESSAGE}</p>
    </div>
  );
}

/** What QueryAnswer reads of a query: the state of a react-query result. */
interface AnsweringQuery<Data> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: Data | undefined;
  refetch: () => unknown;
}

/**
 * A query's answer as a page shows it: Loading while it loads, LoadFailed (with Try again) when it
 * failed, and `children` with the data once there is some, still shown when a later refetch fails.
 */
export function QueryAnswer<Data>({
  query,
  what,
  children,
}: {
  query: AnsweringQuery<Data>;
  what: string;
  children: (data: Data) => ReactNode;
}) {
  return (
    <>
      {query.isPending && <Loading what={what} />}
      {query.isError && <LoadFailed error={query.error} onRetry={() => void query.refetch()} />}
      {query.data !== undefined && children(query.data)}
    </>
  );
}

/** What NextPageButton reads of a list the server sends a page at a time (react-query's infinite query). */
interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a list that comes a page at a time, with the next page's failure or loading. */
export function NextPageButton({ list, what }: { list: PagedList; what: string }) {
  return (
    <>
      {list.isFetchNextPageError && <FormError error={list.error} />}
      {list.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more
        </button>
      )}
      {list.isFetchingNextPage && <Loading what={what} />}
    </>
  );
}
