import { z } from "zod";

export const organizationSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), isDemo: z.boolean(), createdAt: z.string() })
  .meta({ id: "Organization" });
