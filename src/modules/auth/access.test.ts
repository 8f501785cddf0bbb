import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { type DeclaredRoute, declaredRoutesOf, publicAccess, staffAccess } from "./access.ts";

/** A bare Fastify app with the same onRoute hook the server installs. */
function appCollectingRoutes() {
  const app = Fastify();
  const declared: DeclaredRoute[] = [];
  app.addHook("onRoute", (route) => {
    declared.push(...declaredRoutesOf(route));
  });
  return { app, declared };
}

describe("access declarations", () => {
  it("refuses to register an API route that does not say who may call it", () => {
    const { app } = appCollectingRoutes();
    expect(() => app.post("/api/v1/forgotten", async () => ({}))).toThrow(
      "Route POST /api/v1/forgotten declares no access",
    );
  });

  it("collects every declared API route with its access, and leaves the web app's pages alone", () => {
    const { app, declared } = appCollectingRoutes();
    const recruiters = staffAccess(["admin", "recruiter"], { tokens: true });
    app.route({
      method: ["PUT", "DELETE"],
      url: "/api/v1/things/:id",
      config: { access: recruiters },
      handler: async () => ({}),
    });
    app.get("/api/health", { config: { access: publicAccess } }, async () => ({}));
    app.get("/index.html", async () => "");
    expect(declared.filter((route) => route.method !== "HEAD")).toEqual([
      { method: "PUT", url: "/api/v1/things/:id", access: recruiters },
      { method: "DELETE", url: "/api/v1/things/:id", access: recruiters },
      { method: "GET", url: "/api/health", access: publicAccess },
    ]);
  });
});
