import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { problemSchema } from "../../server/schemas.ts";
import { actorOf, sessionOf, signedInAccess } from "../auth/access.ts";
import { createOrganization, listOrganizationsOfUser } from "./organizations.ts";
import { myOrganizationListResponse, organizationCreateBody, organizationSchema } from "./schemas.ts";

export function registerOrganizationRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;

  app.get(
    "/api/v1/organizations",
    {
      config: { access: signedInAccess({ tokens: false }) },
      schema: {
        tags: ["organizations"],
        summary: "The organisations you belong to, with your role in each",
        response: {
          200: myOrganizationListResponse,
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (request) => ({
      items: await listOrganizationsOfUser(db, sessionOf(request).userId),
    }),
  );

  app.post(
    "/api/v1/organizations",
    {
      config: { access: signedInAccess({ tokens: false }) },
      schema: {
        tags: ["organizations"],
        summary: "Create an organisation; you become its first admin",
        body: organizationCreateBody,
        response: {
          201: organizationSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = sessionOf(request);
      const organization = await createOrganization({ db, clock: deps.clock }, actorOf(request), {
        name: request.body.name,
        slug: request.body.slug,
        adminUserId: principal.userId,
      });
      return reply.code(201).send(organization);
    },
  );
}
