import { expect, test } from "vitest";
import { readCommittedApiTypes, renderApiTypes } from "../scripts/generate-api-types.ts";

// The web app compiles against web/src/api/generated.ts; when a route's schema changes and the
// file is not regenerated, the web app would compile against shapes the server no longer sends.
test("web/src/api/generated.ts matches the server's OpenAPI document", async () => {
  const [current, committed] = await Promise.all([renderApiTypes(), readCommittedApiTypes()]);
  const isCurrent = committed === current;
  expect(
    isCurrent,
    "web/src/api/generated.ts is stale: the server's schemas changed. Run `npm run api:types` and commit the result.",
  ).toBe(true);
});
