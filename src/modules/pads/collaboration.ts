/**
 * The pads' real-time side: Hocuspocus (Yjs sync and awareness) on Evident's own HTTP server,
 * through the WebSocket upgrade of PAD_SOCKET_PATH.
 *
 * Trust boundaries:
 * - the upgrade is authenticated before any WebSocket exists: same-origin Origin header, then
 *   the staff session (or API token) or the candidate's portal session, read by auth/callers.ts;
 *   no credentials, no socket;
 * - each document a connection opens is authorised on its own (pads.ts authorizeDocument):
 *   organisation, participant or hiring team, the candidate's own interview and time window;
 *   the interviewer panel is a separate document that a candidate's connection cannot open;
 * - ws refuses messages over 1 MiB (closing that connection), Hocuspocus closes a connection
 *   whose message does not decode, and a per-connection token bucket closes floods;
 * - presence names are set by the server from the authenticated participant, so nobody can
 *   appear under another name, and the candidate shows as their pseudonym in blind stages.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import { Hocuspocus, isTransactionOrigin } from "@hocuspocus/server";
import { type WebSocket, WebSocketServer } from "ws";
import * as Y from "yjs";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { Logger } from "../../platform/logger.ts";
import { identifyCaller } from "../auth/callers.ts";
import { findMembership } from "../organizations/organizations.ts";
import { addMarker, loadPadState, loadPanelState, pasteMarkerDetail, savePanelState } from "./pad-log.ts";
import { createPadLogWriter } from "./pad-log-writer.ts";
import { startPadRun } from "./pad-runs.ts";
import { authorizeDocument, type DocumentAccess, type PadCaller, parseDocumentName } from "./pads.ts";
import { copyPanelNotesToDraft } from "./panel-notes.ts";
import { padStatelessMessage } from "./schemas.ts";

export const PAD_SOCKET_PATH = "/api/v1/pads/socket";
/** Larger messages close the connection (ws answers 1009). */
export const MAX_PAD_MESSAGE_BYTES = 1024 * 1024;
/** The flood guard: a burst of this many messages, refilled at RATE_PER_SECOND. */
export const RATE_BURST = 400;
export const RATE_PER_SECOND = 100;

interface ConnectionContext {
  /** Absent on the server's own direct connections (replaceCode). */
  caller?: PadCaller;
  access?: DocumentAccess;
}

/** Updates the server applies itself (loading from the log) are not logged again. */
const LOAD_ORIGIN = { source: "pads-load" };

export interface PadCollaborationDeps {
  db: Db;
  clock: Clock;
  secret: string;
  /** EVIDENT_BASE_URL: its origin is accepted besides the request's own host. */
  baseUrl: string;
  logger?: Logger;
  /** Set to share pads between several server instances (Hocuspocus Redis extension). */
  redisUrl?: string;
}

export interface PadCollaboration {
  hocuspocus: Hocuspocus<ConnectionContext>;
  /** Handles an HTTP upgrade; false when the path is not the pad socket's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Writes the log entries still waiting in memory. */
  flushLog(): Promise<void>;
  /**
   * Changes a pad's document from the server (loading it if nobody has it open): the change is
   * broadcast to everyone in the pad and logged as the system's, like the pad's first content,
   * so a new starting point never counts as someone typing.
   */
  replaceCode(documentName: string, change: (document: Y.Doc) => void): Promise<void>;
  /** Writes pending log entries and closes every connection. */
  close(): Promise<void>;
}

export function createPadCollaboration(deps: PadCollaborationDeps): PadCollaboration {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAD_MESSAGE_BYTES });
  const log = createPadLogWriter(deps);

  const extensions = deps.redisUrl ? [redisExtension(deps.redisUrl)] : [];
  const hocuspocus = new Hocuspocus<ConnectionContext>({
    name: "evident-pads",
    quiet: true,
    debounce: 1000,
    maxDebounce: 5000,
    extensions,

    async onAuthenticate({ context, documentName, connectionConfig }) {
      if (!context.caller) throw new Error("The pad socket needs an authenticated caller.");
      const access = await authorizeDocument(deps, context.caller, documentName);
      connectionConfig.readOnly = access.readOnly;
      context.access = access;
      return { access };
    },

    async beforeHandleMessage({ context }) {
      const closesAt = context.access?.closesAt;
      if (closesAt && deps.clock.now().getTime() > closesAt.getTime()) {
        throw new Error("The candidate's time in the pad is over.");
      }
    },

    async onLoadDocument({ documentName, document }) {
      const parsed = parseDocumentName(documentName);
      if (!parsed) return;
      if (parsed.isPanel) {
        const state = await loadPanelState(deps.db, parsed.padId, parsed.userId);
        if (state) Y.applyUpdate(document, state, LOAD_ORIGIN);
        return;
      }
      const { state, sequence } = await loadPadState(deps.db, parsed.padId);
      if (state.length > 0) Y.applyUpdate(document, state, LOAD_ORIGIN);
      log.setKnownSequence(parsed.padId, sequence);
    },

    async onChange({ documentName, update, context, transactionOrigin, document }) {
      if (transactionOrigin === LOAD_ORIGIN) return;
      // Another instance logged it already; it reached us through Redis.
      if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === "redis") return;
      const parsed = parseDocumentName(documentName);
      if (!parsed || parsed.isPanel) return;
      const participant = context?.access?.participant;
      log.append(
        parsed.padId,
        {
          receivedAt: deps.clock.now(),
          authorKind: participant?.kind ?? "system",
          authorId: participant?.id ?? null,
          update,
        },
        document,
      );
    },

    async onStoreDocument({ documentName, document }) {
      const parsed = parseDocumentName(documentName);
      if (!parsed) return;
      if (!parsed.isPanel) {
        await log.flushAll();
        return;
      }
      await savePanelState(
        deps.db,
        parsed.padId,
        parsed.userId,
        Y.encodeStateAsUpdate(document),
        deps.clock.now(),
      );
      const notes = new Map(
        [...document.getMap<unknown>("notes").entries()].filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      );
      await copyPanelNotesToDraft(deps, parsed.padId, parsed.userId, notes);
    },

    async beforeHandleAwareness({ states, context }) {
      const participant = context?.access?.participant;
      if (!participant) return;
      for (const state of states.values()) {
        const color =
          typeof state.user?.color === "string" && /^#[0-9a-f]{6}$/i.test(state.user.color)
            ? state.user.color
            : "#2563eb";
        state.user = { name: participant.name, color, colorLight: `${color}33`, kind: participant.kind };
      }
    },

    async onStateless({ connection, documentName, document, payload }) {
      const context = connection.context as ConnectionContext;
      const access = context.access;
      const parsed = parseDocumentName(documentName);
      if (!access || !parsed || parsed.isPanel) return;
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        return;
      }
      const result = padStatelessMessage.safeParse(message);
      if (!result.success) return;
      const actor = { actorKind: access.participant.kind, actorId: access.participant.id } as const;
      const at = deps.clock.now();
      switch (result.data.type) {
        case "run": {
          if (access.readOnly) return;
          await addMarker(deps.db, { padId: access.padId, at, kind: "run", ...actor, detail: null });
          startPadRun(document, access.participant.name, deps.clock, deps.logger);
          return;
        }
        case "paste":
          await addMarker(deps.db, {
            padId: access.padId,
            at,
            kind: "paste",
            ...actor,
            detail: pasteMarkerDetail(result.data.chars),
          });
          return;
        case "visibility":
          await addMarker(deps.db, {
            padId: access.padId,
            at,
            kind: result.data.hidden ? "tab_hidden" : "tab_visible",
            ...actor,
            detail: null,
          });
          return;
      }
    },

    async onDestroy() {
      await log.flushAll();
    },
  });

  async function identify(request: IncomingMessage): Promise<PadCaller | null> {
    const caller = await identifyCaller(deps, { method: "GET", headers: request.headers }).catch(() => null);
    if (!caller || caller.kind === "anonymous") return null;
    if (caller.kind === "candidate") {
      return {
        kind: "candidate",
        candidateId: caller.candidate.candidateId,
        organizationId: caller.candidate.organizationId,
      };
    }
    const principal = caller.principal;
    if (principal.kind === "token") {
      return {
        kind: "staff",
        userId: principal.userId,
        organizationId: principal.token.organizationId,
        role: principal.token.role,
      };
    }
    const organizationId = principal.session.activeOrganizationId;
    if (!organizationId) return null;
    const membership = await findMembership(deps.db, organizationId, principal.userId);
    return membership
      ? { kind: "staff", userId: principal.userId, organizationId, role: membership.role }
      : null;
  }

  function attach(ws: WebSocket, request: IncomingMessage, caller: PadCaller) {
    const connection = hocuspocus.handleConnection(ws, new Request(`http://localhost${request.url ?? "/"}`), {
      caller,
    });
    const bucket = { tokens: RATE_BURST, at: Date.now() };
    ws.on("message", (data, isBinary) => {
      const now = Date.now();
      bucket.tokens = Math.min(RATE_BURST, bucket.tokens + ((now - bucket.at) / 1000) * RATE_PER_SECOND);
      bucket.at = now;
      bucket.tokens -= 1;
      if (bucket.tokens < 0) {
        ws.close(1008, "Too many messages; slow down.");
        return;
      }
      if (!isBinary) {
        ws.close(1003, "The pad socket takes binary Yjs messages only.");
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      connection.handleMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    ws.on("close", (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
    ws.on("error", (error) => deps.logger?.debug({ err: error }, "pad socket error"));
  }

  return {
    hocuspocus,
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== PAD_SOCKET_PATH) return false;
      if (!isSameOrigin(request, deps.baseUrl)) {
        refuseUpgrade(socket, 403, "The pad socket accepts connections from Evident's own pages only.");
        return true;
      }
      identify(request).then(
        (caller) => {
          if (!caller) {
            refuseUpgrade(socket, 401, "Sign in first: the pad needs your Evident or portal session.");
            return;
          }
          wss.handleUpgrade(request, socket, head, (ws) => attach(ws, request, caller));
        },
        (error: unknown) => {
          deps.logger?.error({ err: error }, "pad upgrade failed");
          refuseUpgrade(socket, 500, "The pad could not be opened.");
        },
      );
      return true;
    },
    flushLog: () => log.flushAll(),
    async replaceCode(documentName, change) {
      const connection = await hocuspocus.openDirectConnection(documentName, {});
      try {
        await connection.transact(change);
      } finally {
        await connection.disconnect();
      }
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      hocuspocus.closeConnections();
      await log.flushAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const extension of extensions) await extension.onDestroy();
    },
  };
}

function redisExtension(redisUrl: string) {
  const url = new URL(redisUrl);
  return new RedisExtension({ host: url.hostname, port: Number(url.port || 6379), prefix: "evident-pads" });
}

/**
 * The Origin must be this server's own (the Host the browser connected to, or the public base
 * URL): a page elsewhere cannot ride on the user's cookies. Clients without an Origin (scripts
 * with an API token) are accepted; browsers always send one on WebSocket upgrades.
 */
function isSameOrigin(request: IncomingMessage, baseUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers.authorization !== undefined;
  try {
    const host = new URL(origin).host;
    return host === request.headers.host || host === new URL(baseUrl).host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 500, detail: string) {
  const body = JSON.stringify({
    type: "about:blank",
    title: status === 500 ? "Internal Server Error" : status === 401 ? "Unauthorized" : "Forbidden",
    status,
    detail,
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Internal Server Error"}\r\n` +
      "Content-Type: application/problem+json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

declare module "fastify" {
  interface FastifyInstance {
    /** The live pads' Hocuspocus, attached to this server's WebSocket upgrade. */
    padCollaboration: PadCollaboration;
  }
}
