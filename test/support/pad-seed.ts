/**
 * Test set-up for live pads: a role with a pair-programming and a (blind) system-design stage,
 * a candidate with a portal session, interviews scheduled through the API, and pad clients
 * that connect over a real WebSocket with the cookies or token a browser or script would send.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { createCandidateSession } from "../../src/modules/portal/candidate-sessions.ts";
import type { Clock } from "../../src/platform/clock.ts";
import { addTestMember, openRole, seedApplication, seedStages } from "./hiring-seed.ts";
import { call, type SeededOrganization, seedOrganization, type TestServer } from "./server.ts";

export interface PadScene {
  org: SeededOrganization;
  interviewers: { id: string; token: string }[];
  outsider: { id: string; token: string };
  pairing: { id: string };
  design: { id: string };
  candidate: { candidateId: string; applicationId: string; cookie: string };
}

/** `clock` must be the server's: the candidate's portal session expires by it. */
export async function seedPadScene(server: TestServer, label: string, clock: Clock): Promise<PadScene> {
  const org = await seedOrganization(server.database, label);
  const ana = await addTestMember(server.database, org.id, "Ana Pairing");
  const ben = await addTestMember(server.database, org.id, "Ben Pairing");
  const outsider = await addTestMember(server.database, org.id, "Olga Outsider");
  const roleId = await openRole(server, org.users.hiring_manager.token);
  const [pairing, design] = await seedStages(server.database, org.id, roleId, [
    {
      name: "Pairing",
      type: "pair_programming",
      kitSlug: "pair-programming-webhook-consumer",
      requiredRaters: 2,
    },
    {
      name: "Design",
      type: "system_design",
      kitSlug: "system-design-url-shortener",
      requiredRaters: 2,
      isBlind: true,
    },
  ]);
  if (!pairing || !design) throw new Error("stages");
  const { applicationId, candidateId } = await seedApplication(
    server.database,
    org.id,
    roleId,
    { fullName: "Pat Candidate", email: `pat.${label.toLowerCase()}@candidates.test` },
    { stageId: pairing.id },
  );
  const { token } = await createCandidateSession(server.database.db, clock, {
    organizationId: org.id,
    candidateId,
  });
  return {
    org,
    interviewers: [ana, ben],
    outsider,
    pairing,
    design,
    candidate: { candidateId, applicationId, cookie: `evident_candidate=${token}` },
  };
}

/** Schedules an interview in the stage through the API; returns its id. */
export async function schedulePadInterview(
  server: TestServer,
  scene: PadScene,
  stageId: string,
  scheduledAt: Date,
  durationMinutes = 60,
): Promise<string> {
  const response = await call(server, "POST", "/api/v1/interviews", {
    token: scene.org.users.hiring_manager.token,
    body: {
      applicationId: scene.candidate.applicationId,
      stageId,
      scheduledAt: scheduledAt.toISOString(),
      durationMinutes,
      interviewerIds: scene.interviewers.map((person) => person.id),
      mode: "remote",
      videoLink: "https://meet.example.com/pairing-room",
    },
  });
  if (response.status !== 201)
    throw new Error(`schedule: ${response.status} ${JSON.stringify(response.body)}`);
  return String(response.body.id);
}

export const socketUrl = (server: TestServer) => `${server.url.replace(/^http/, "ws")}/api/v1/pads/socket`;

/** A ws WebSocket class that sends the given headers (cookie, authorization, origin) on its upgrade. */
export function webSocketWith(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export interface PadClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Resolves when the document synced; rejects when authentication failed. */
  synced: Promise<void>;
  close(): void;
}

/** A Hocuspocus client for one document, as a browser would connect (same-origin Origin header). */
export function connectPad(
  server: TestServer,
  documentName: string,
  headers: Record<string, string>,
): PadClient {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: socketUrl(server),
    WebSocketPolyfill: webSocketWith({ origin: server.url, ...headers }),
    maxAttempts: 1,
  });
  let resolveSynced: () => void = () => {};
  let rejectSynced: (error: Error) => void = () => {};
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
    token: "session",
    onSynced: () => resolveSynced(),
    onAuthenticationFailed: ({ reason }) => rejectSynced(new Error(`authentication failed: ${reason}`)),
    onClose: () => rejectSynced(new Error("closed")),
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    synced,
    close: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Waits until the condition holds (no timing thresholds: the machine is shared). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
