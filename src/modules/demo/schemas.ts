import { z } from "zod";

/** GET /api/demo/status: what the login page says while the demo organisation is prepared. */
export const demoStatusResponse = z.object({
  state: z.enum(["absent", "preparing", "ready", "failed"]),
  percent: z.number().int().min(0).max(100),
});
