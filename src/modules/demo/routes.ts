import { z } from "zod";
import type { HttpApp } from "../../server/http-types.ts";
import { publicAccess } from "../auth/access.ts";
import type { DemoStatus } from "./demo-preparation.ts";

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
          200: z.object({
            state: z.enum(["absent", "preparing", "ready", "failed"]),
            percent: z.number().int().min(0).max(100),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return demoStatus();
    },
  );
}
