import { Navigate, Route, Routes } from "react-router";
import { AreaPage } from "./areas/AreaPage";
import { emptyAreas } from "./areas/areas";
import { EvidencePage } from "./areas/EvidencePage";
import { HomePage } from "./areas/HomePage";
import { LoginPage } from "./auth/LoginPage";
import { RequireSession } from "./auth/RequireSession";
import { AppLayout } from "./layout/AppLayout";
import { NotFoundPage } from "./layout/NotFoundPage";
import { AuditPage } from "./settings/AuditPage";
import { MembersPage } from "./settings/MembersPage";
import { SettingsLayout } from "./settings/SettingsLayout";
import { TokensPage } from "./settings/TokensPage";

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        {emptyAreas.map((area) => (
          <Route key={area.path} path={area.path} element={<AreaPage area={area} />} />
        ))}
        <Route path="/evidence" element={<EvidencePage />} />
        <Route path="/settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="members" replace />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="audit" element={<AuditPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
