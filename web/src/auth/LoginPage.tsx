import { type FormEvent, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/QueryState";
import { DemoStatusNotice } from "./DemoStatusNotice";
import type { LoginRedirectState } from "./RequireSession";
import { useLogin, useSessionQuery } from "./session";

function destinationAfterLogin(state: unknown): string {
  const from = (state as Partial<LoginRedirectState> | null)?.from;
  // Only same-app paths: anything else could turn the login page into an open redirect.
  if (
    typeof from === "string" &&
    from.startsWith("/") &&
    !from.startsWith("//") &&
    !from.startsWith("/login")
  ) {
    return from;
  }
  return "/";
}

export function LoginPage() {
  const location = useLocation();
  const session = useSessionQuery();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const destination = destinationAfterLogin(location.state);

  if (session.isPending) {
    return (
      <div className="page-centred">
        <Loading what="Evident" />
      </div>
    );
  }
  // A successful sign-in stores the session, which lands here and moves on.
  if (session.data) return <Navigate to={destination} replace />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate({ email, password });
  }

  return (
    <main className="login-page">
      <title>Sign in – Evident</title>
      <div className="login-card">
        <p className="brand brand-large">Evident</p>
        <h1>Sign in</h1>
        <DemoStatusNotice />
        <form onSubmit={submit} className="form" aria-describedby="login-required-note">
          <p id="login-required-note" className="muted">
            Both fields are required.
          </p>
          <TextField
            id="login-email"
            label="Email"
            required
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
          />
          <TextField
            id="login-password"
            label="Password"
            required
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
          />
          <FormError error={login.error} />
          <button type="submit" className="button" disabled={login.isPending}>
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
