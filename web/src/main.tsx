import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./App";
import { createQueryClient } from "./api/queryClient";
import "./styles.css";

const rootElement = document.getElementById("root");
if (!rootElement) throw new Error("index.html must contain an element with id root");

const queryClient = createQueryClient();
// A data router, so pages can hold a navigation until the user confirms (useBlocker: the
// interview page asks before unsaved notes are left behind); App's own <Routes> do the matching.
const router = createBrowserRouter([{ path: "*", element: <App /> }]);

createRoot(rootElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
