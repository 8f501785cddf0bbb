import type { HttpApp } from "../../server/http-types.ts";
import { publicAccess } from "../auth/access.ts";
import type { DemoStatus } from "./demo-preparation.ts";
import { demoStatusResponse } from "./schemas.ts";

/**
 * Open to anyone, like the health check: the login page asks it, before anyone has signed in,
 * whether the demo organisation's logins work yet.
 */
export function registerDemoRoutes(app: HttpApp, demoStatus: () => DemoStatus) {
  app.get(
    "/api/demo/status",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["platform"],
        summary:
          "Whether this server's demo organisation is being prepared (with percent done), ready, failed or absent",
        response: {
          200: demoStatusResponse,
        },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return demoStatus();
    },
  );
}
