import { z } from "zod";
import { emailSchema, listResponse, memberRoleSchema, textSchema, uuidParam } from "../../server/schemas.ts";
import { MIN_PASSWORD_LENGTH } from "../auth/passwords.ts";

export const memberSchema = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: memberRoleSchema,
    createdAt: z.string(),
  })
  .meta({ id: "Member" });

export const memberListResponse = listResponse(memberSchema);

/** A new member; an email the server does not know yet needs an initial password. */
export const addMemberBody = z.object({
  email: emailSchema,
  name: textSchema.trim().min(1).max(120),
  role: memberRoleSchema,
  password: textSchema.min(MIN_PASSWORD_LENGTH).max(1024).optional(),
});

export const memberParams = z.object({ userId: uuidParam });

export const memberRoleBody = z.object({ role: memberRoleSchema });

export type MemberView = z.infer<typeof memberSchema>;
