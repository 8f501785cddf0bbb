import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { ROLE_EDITORS } from "../roles/routes.ts";
import { findBuiltInKit, listKits, listKitVersions, requireKitVersion, saveKitVersion } from "./kits.ts";
import {
  kitContentBody,
  kitDetailSchema,
  kitListResponse,
  kitParams,
  kitVersionParams,
  kitVersionSchema,
} from "./schemas.ts";

export function registerKitRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;

  app.get(
    "/api/v1/kits",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["kits"],
        summary: "Interview kits: the built-in library and the organisation's own",
        response: { 200: kitListResponse, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return { items: await listKits(db, member.organizationId) };
    },
  );

  app.get(
    "/api/v1/kits/:slug",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["kits"],
        summary: "A kit's versions, newest first; a built-in kit not used yet shows the library's content",
        params: kitParams,
        response: { 200: kitDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const versions = await listKitVersions(db, member.organizationId, request.params.slug);
      const builtIn = findBuiltInKit(request.params.slug);
      if (versions.length === 0 && !builtIn)
        throw new AppError("not_found", "That interview kit was not found.");
      return {
        slug: request.params.slug,
        builtIn: builtIn ?? null,
        versions,
      };
    },
  );

  app.get(
    "/api/v1/kit-versions/:kitVersionId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["kits"],
        summary: "One kit version with its questions, probes and anchored rubric",
        params: kitVersionParams,
        response: { 200: kitVersionSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return requireKitVersion(db, member.organizationId, request.params.kitVersionId);
    },
  );

  app.post(
    "/api/v1/kits",
    {
      config: { access: staffAccess(ROLE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["kits"],
        summary: "Save a kit version: a new kit of your own, or the next version of an existing one",
        body: kitContentBody,
        response: { 201: kitVersionSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const saved = await saveKitVersion(
        { db, clock: deps.clock },
        member.actor,
        member.organizationId,
        request.body,
      );
      return reply.code(201).send(saved);
    },
  );
}
