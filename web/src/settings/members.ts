import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import { sessionQueryKey } from "../api/queryClient";
import type { Member, MemberRole, Page } from "../api/schema";
import { useSession } from "../auth/session";

function useMembersQueryKey() {
  return ["members", useSession().activeOrganization?.id ?? null] as const;
}

export function useMembers() {
  return useQuery({
    queryKey: useMembersQueryKey(),
    queryFn: ({ signal }) => apiFetch<Page<Member>>("/api/v1/members", { signal }),
  });
}

export interface NewMember {
  email: string;
  name: string;
  role: MemberRole;
  password?: string;
}

export function useAddMember() {
  const queryClient = useQueryClient();
  const membersQueryKey = useMembersQueryKey();
  return useMutation({
    mutationFn: (member: NewMember) => apiFetch<Member>("/api/v1/members", { method: "POST", body: member }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryKey }),
  });
}

/** Changing or removing your own membership changes your session's role, so it is reloaded too. */
function useInvalidateAfterMemberChange() {
  const queryClient = useQueryClient();
  const session = useSession();
  const membersQueryKey = useMembersQueryKey();
  return async (userId: string) => {
    const reloads = [queryClient.invalidateQueries({ queryKey: membersQueryKey })];
    if (userId === session.user.id)
      reloads.push(queryClient.invalidateQueries({ queryKey: sessionQueryKey }));
    await Promise.all(reloads);
  };
}

export function useChangeMemberRole() {
  const invalidate = useInvalidateAfterMemberChange();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: MemberRole }) =>
      apiFetch<Member>(`/api/v1/members/${encodeURIComponent(userId)}`, { method: "PATCH", body: { role } }),
    onSuccess: (_member, { userId }) => invalidate(userId),
  });
}

export function useRemoveMember() {
  const invalidate = useInvalidateAfterMemberChange();
  return useMutation({
    mutationFn: (userId: string) =>
      apiFetch<void>(`/api/v1/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: (_nothing, userId) => invalidate(userId),
  });
}
