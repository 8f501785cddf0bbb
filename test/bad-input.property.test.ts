import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/databases.ts";
import { parseEml, signInTokenOf, textPart } from "./support/eml.ts";
import { openRole, seedApplication } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "./support/server.ts";

/**
 * Sends generated bad input to every operation of the OpenAPI document as every kind of caller,
 * and fails on a 5xx, a stack trace, an error body that is not problem+json, or a hang. The
 * examples in test/bad-input.test.ts pin the defects found by hand; this finds the next ones.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
};
type Parameter = { name: string; in: "path" | "query" | "header" | "cookie"; schema?: JsonSchema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
};
type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

interface Principal {
  name: string;
  headers: Record<string, string>;
  /** Sent only on unsafe methods, as the web app does. */
  csrfHeaders: Record<string, string>;
}

interface BadRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
  label: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const REQUEST_TIMEOUT_MS = 10_000;
const RUNS_PER_PRINCIPAL = 3;
/** Fewer than this means the document lost routes (or this test lost sight of them). */
const MINIMUM_OPERATIONS = 80;
/** A V8 stack frame ("    at handler (/src/x.ts:12:5)") or a module path. */
const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|node_modules\/|\/src\/(modules|server|platform)\//;

/** Encodes every UTF-16 code unit, so NUL and lone surrogates reach the server as sent. */
function encodeRaw(value: string): string {
  let encoded = "";
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    const next = value.charCodeAt(index + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(value.slice(index, index + 2));
      index++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      // A lone surrogate has no UTF-8 form; send the bytes a CESU-8 encoder would.
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else {
      encoded += encodeURIComponent(value[index] ?? "");
    }
  }
  return encoded;
}

const badText = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "x\ud800y",
    "\udfff",
    "\ud83d",
    "",
    " ",
    "null",
    "%",
    "%00",
    "../../etc/passwd",
    "'; drop table candidates; --",
    "\u202e\u0000\ufeff",
    "<script>alert(1)</script>",
  ),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.nat({ max: 3 }).map((power) => "x".repeat(10 ** (power + 2))),
  fc.string({ maxLength: 8 }).map((text) => `${text}\u0000${text}`),
);

const badDateTime = fc.oneof(
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "0000-12-31T23:59:59+01:00",
    "9999-12-31T23:00:00-05:00",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "2025-02-30T00:00:00Z",
    "2025-13-01T00:00:00Z",
    "2025-01-01T25:61:61Z",
    "2025-01-01",
    "now",
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

const oddNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 0.5, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON at all: the wrong type for whatever the schema expects. */
const wrongType = fc.oneof(
  fc.constantFrom(null, true, [], {}, "", 0, { $ref: "#" }, [null]),
  fc.jsonValue({ maxDepth: 2 }),
);

describe.each(testEngines)("generated bad input on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let document: OpenApiDocument;
  let principals: Principal[];
  let knownCandidateId: string;
  /** Ids of rows the generated requests may aim at (and change); the known candidate is not among them. */
  let existingIds: string[];

  function resolve(schema: JsonSchema | undefined): JsonSchema {
    if (!schema?.$ref) return schema ?? {};
    const name = schema.$ref.split("/").pop() ?? "";
    return document.components?.schemas?.[name] ?? {};
  }

  /** A value shaped like the schema wants, with bad leaves; sometimes the wrong type altogether. */
  function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const resolved = resolve(schema);
    if (depth > 4) return wrongType;
    const variants = resolved.anyOf ?? resolved.oneOf;
    if (variants?.length) return fc.oneof(...variants.map((variant) => valueFor(variant, depth + 1)));
    if (resolved.allOf?.length) return valueFor(resolved.allOf[0], depth + 1);
    const shaped = shapedValue(resolved, depth);
    return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: wrongType });
  }

  function shapedValue(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum?.length) return fc.oneof(fc.constantFrom(...schema.enum), badText);
    if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), badText);
    const type = Array.isArray(schema.type) ? schema.type.find((each) => each !== "null") : schema.type;
    switch (type) {
      case "string":
        if (schema.format === "date-time") return badDateTime;
        if (schema.format === "uuid") return fc.oneof(fc.constantFrom(...existingIds), fc.uuid(), badText);
        return badText;
      case "integer":
      case "number":
        return oddNumber;
      case "boolean":
        return fc.oneof(fc.boolean(), badText);
      case "array":
        return fc.array(valueFor(schema.items, depth + 1), { maxLength: 3 });
      case "object": {
        const properties = Object.entries(schema.properties ?? {});
        const record = Object.fromEntries(
          properties.map(([name, property]) => [name, valueFor(property, depth + 1)]),
        );
        return fc
          .tuple(
            fc.record(record, { requiredKeys: schema.required ?? [] }),
            fc.dictionary(badText, wrongType, { maxKeys: 2 }),
          )
          .map(([known, extra]) => ({ ...extra, ...known }));
      }
      default:
        return wrongType;
    }
  }

  /** A path segment: usually bad text, sometimes an id that exists, so the route gets further. */
  const pathSegment = () =>
    fc.oneof(
      badText.filter((text) => text !== "").map(encodeRaw),
      fc.constantFrom("%E0%A4%A", "%", "%zz", "%C0%80", "a".repeat(101), "%00"),
      fc.constantFrom(...existingIds),
    );

  function requestFor(route: string, method: string, operation: Operation): fc.Arbitrary<BadRequest> {
    const parameters = operation.parameters ?? [];
    const pathNames = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
    const queryParameters = parameters.filter((parameter) => parameter.in === "query");
    const content = operation.requestBody?.content ?? {};
    const isMultipart = "multipart/form-data" in content;
    const bodySchema = content["application/json"]?.schema;

    const pathArbitrary = fc
      .tuple(...pathNames.map(() => pathSegment()))
      .map((segments) =>
        segments.reduce<string>(
          (built, segment, index) => built.replace(`{${pathNames[index]}}`, segment),
          route,
        ),
      );
    const queryArbitrary = fc
      .tuple(
        fc.record(
          Object.fromEntries(
            queryParameters.map((parameter) => [parameter.name, valueFor(parameter.schema)]),
          ),
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 6 }), badText, { maxKeys: 2 }),
      )
      .map(([known, extra]) =>
        Object.entries({ ...extra, ...known })
          .map(
            ([key, value]) =>
              `${encodeRaw(key)}=${encodeRaw(typeof value === "string" ? value : JSON.stringify(value))}`,
          )
          .join("&"),
      );
    const json = (body: string) => ({ body, headers: { "content-type": "application/json" } });
    const bodyArbitrary: fc.Arbitrary<{ body: string | undefined; headers: Record<string, string> }> =
      isMultipart
        ? fc.oneof(
            fc.constantFrom(
              { body: "--x\r\n", headers: { "content-type": "multipart/form-data" } },
              {
                body: '--b\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\nhi',
                headers: { "content-type": "multipart/form-data; boundary=b" },
              },
              { body: "garbage", headers: { "content-type": "multipart/form-data; boundary=b" } },
              { body: "--b--\r\n", headers: { "content-type": "multipart/form-data; boundary=b" } },
              { body: "{}", headers: { "content-type": "application/json" } },
            ),
            badText.map((name) => ({
              body: `--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeRaw(name)}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n`,
              headers: { "content-type": "multipart/form-data; boundary=b" },
            })),
          )
        : method === "get" || method === "delete"
          ? fc.constant({ body: undefined, headers: {} })
          : fc.oneof(
              {
                weight: 6,
                arbitrary: valueFor(bodySchema).map((value) => json(JSON.stringify(value) ?? "null")),
              },
              {
                weight: 1,
                arbitrary: fc.constantFrom(
                  json(""),
                  json("{"),
                  json('{"a":1,"a":2}'),
                  json('{"__proto__":{"x":1}}'),
                  json(`${"[".repeat(5000)}${"]".repeat(5000)}`),
                  json('"\\u0000"'),
                  { body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } },
                  { body: "{}", headers: { "content-type": "text/plain" } },
                ),
              },
            );
    return fc.tuple(pathArbitrary, queryArbitrary, bodyArbitrary).map(([builtPath, query, body]) => ({
      path: builtPath,
      query,
      headers: body.headers,
      body: body.body,
      label: `${method.toUpperCase()} ${builtPath}${query ? `?${query}` : ""}`.slice(0, 300),
    }));
  }

  async function send(method: string, request: BadRequest, principal: Principal) {
    const unsafe = method !== "get";
    const headers = { ...principal.headers, ...(unsafe ? principal.csrfHeaders : {}), ...request.headers };
    const url = `${server.url}${request.path}${request.query ? `?${request.query}` : ""}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: method.toUpperCase(),
        headers,
        body: request.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`${principal.name}: ${request.label} did not answer: ${String(error)}`);
    }
    const text = await response.text();
    const where = `${principal.name}: ${request.label} answered ${response.status}: ${text.slice(0, 300)}`;
    expect(response.status, where).toBeLessThan(500);
    expect(text, where).not.toMatch(STACK_TRACE);
    if (response.status >= 400) {
      expect(response.headers.get("content-type"), where).toContain("application/problem+json");
      const problem = JSON.parse(text) as Record<string, unknown>;
      expect(problem, where).toMatchObject({
        status: response.status,
        type: expect.any(String),
        detail: expect.any(String),
      });
    }
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Fuzzed");
    const roleId = await openRole(server, org.users.recruiter.token);
    const known = await seedApplication(server.database, org.id, roleId, {
      fullName: "Known Candidate",
      email: `known.${engine}@fuzz.test`,
    });
    knownCandidateId = known.candidateId;
    const target = await seedApplication(server.database, org.id, roleId, {
      fullName: "Target Candidate",
      email: `target.${engine}@fuzz.test`,
    });
    existingIds = [roleId, target.candidateId, target.applicationId];
    document = (await call(server, "GET", "/api/openapi.json")).body as unknown as OpenApiDocument;

    principals = [{ name: "anonymous", headers: {}, csrfHeaders: {} }];
    for (const role of ["admin", "recruiter", "hiring_manager", "interviewer"] as const) {
      const login = await call(server, "POST", "/api/v1/auth/login", {
        body: { email: org.users[role].email, password: TEST_PASSWORD },
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const session = await call(server, "GET", "/api/v1/auth/session", { headers: { cookie } });
      principals.push({
        name: `${role} session`,
        headers: { cookie },
        csrfHeaders: { "x-csrf-token": String(session.body.csrfToken) },
      });
    }
    principals.push({
      name: "admin API token",
      headers: { authorization: `Bearer ${org.users.admin.token}` },
      csrfHeaders: {},
    });
    principals.push(await signInCandidate(target.candidateId));
  });
  afterAll(async () => server?.close());

  /** Invites the candidate and exchanges the emailed link for a portal session, as a candidate would. */
  async function signInCandidate(candidateId: string): Promise<Principal> {
    const invited = await call(server, "POST", `/api/v1/candidates/${candidateId}/invite`, {
      token: org.users.recruiter.token,
    });
    expect(invited.status).toBe(201);
    const emailId = (invited.body.email as { id: string }).id;
    const detail = await call(server, "GET", `/api/v1/outbox/${emailId}`, { token: org.users.admin.token });
    const raw = await readFile(path.join(server.outboxDir, String(detail.body.fileName)), "utf8");
    const exchanged = await call(server, "POST", "/api/v1/portal/session", {
      body: { token: signInTokenOf(textPart(parseEml(raw))) },
    });
    expect(exchanged.status).toBe(200);
    const cookie = (exchanged.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return {
      name: "candidate session",
      headers: { cookie },
      csrfHeaders: { "x-csrf-token": String(exchanged.body.csrfToken) },
    };
  }

  /**
   * "METHOD /api/v1/…/{param}" for each route Fastify registered under /api/v1 (HEAD aside),
   * read from the router's printed tree, where a child line holds only its own part of the path.
   */
  function registeredApiRoutes(): string[] {
    const parents: string[] = [];
    const routes: string[] = [];
    for (const line of server.app.printRoutes({ commonPrefix: false }).split("\n")) {
      const match = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) continue;
      const [, indent = "", part = "", methods = ""] = match;
      const depth = indent.length / 4;
      parents.length = depth;
      const fullPath = `${parents[depth - 1] ?? ""}${part}`;
      parents[depth] = fullPath;
      if (!/^\/?api\/v1\//.test(fullPath)) continue;
      for (const method of methods.split(", ").filter((each) => each && each !== "HEAD")) {
        routes.push(`${method} /${fullPath.replace(/^\//, "").replace(/:(\w+)/g, "{$1}")}`);
      }
    }
    return routes;
  }

  function operationsOf(openApi: OpenApiDocument) {
    const operations = Object.entries(openApi.paths).flatMap(([route, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        route,
        method,
        operation: item[method] as Operation,
      })),
    );
    // Signing out ends the very sessions the other operations are sent with: those go last.
    const signsOut = (route: string) => route.endsWith("/logout");
    return [
      ...operations.filter((each) => !signsOut(each.route)),
      ...operations.filter((each) => signsOut(each.route)),
    ];
  }

  it("answers every operation of the OpenAPI document, as every principal, without a 5xx or a leak", async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(MINIMUM_OPERATIONS);
    // Every API route the server registered is in the document, so "every operation" is every route.
    const documented = new Set(operations.map(({ route, method }) => `${method.toUpperCase()} ${route}`));
    const registered = registeredApiRoutes();
    expect(registered.length).toBeGreaterThanOrEqual(MINIMUM_OPERATIONS - 1); // all but /api/health
    expect(registered.filter((route) => !documented.has(route))).toEqual([]);
    const covered = new Set<string>();
    for (const { route, method, operation } of operations) {
      const requests = requestFor(route, method, operation);
      for (const principal of principals) {
        await fc.assert(
          fc.asyncProperty(requests, async (request) => send(method, request, principal)),
          { numRuns: RUNS_PER_PRINCIPAL, endOnFailure: true },
        );
      }
      covered.add(`${method} ${route}`);
    }
    expect(covered.size).toBe(operations.length);
  }, 240_000);

  it("keeps stored data intact", async () => {
    const known = await call(server, "GET", `/api/v1/candidates/${knownCandidateId}`, {
      token: org.users.admin.token,
    });
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ fullName: "Known Candidate", email: `known.${engine}@fuzz.test` });
    expect((await call(server, "GET", "/api/health")).status).toBe(200);
  });
});
