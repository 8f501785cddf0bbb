import { useState } from "react";
import type { JobRoleDetail, WorkModelFactorCatalogue, WorkModelFactors } from "../api/schema";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/QueryState";
import { AdviceDetails, HardConstraintsCallout, RecommendationSummary, ScoresFigure } from "./AdviceView";
import { DecisionForm } from "./DecisionForm";
import { FactorsForm } from "./FactorsForm";
import { OrganizationEvidence } from "./OrganizationEvidence";
import { useAdvice } from "./roles";
import { useDebouncedValue } from "./useDebouncedValue";

const ADVICE_DEBOUNCE_MS = 250;

function initialFactors(role: JobRoleDetail, catalogue: WorkModelFactorCatalogue): WorkModelFactors {
  const latest = role.workModelDecisions[0]?.factors;
  if (typeof latest !== "object" || latest === null) return catalogue.defaults;
  // Only the factors the current advisor knows: the advice endpoint rejects unknown ones, and
  // a decision recorded by an older advisor version may hold factors since renamed or dropped.
  const known = Object.entries(latest).filter(([name]) => name in catalogue.defaults);
  return { ...catalogue.defaults, ...Object.fromEntries(known) };
}

/** The factors, the live advice for them and the decision, for members who may decide. */
export function WorkModelAdvisor({
  role,
  catalogue,
}: {
  role: JobRoleDetail;
  catalogue: WorkModelFactorCatalogue;
}) {
  const [factors, setFactors] = useState(() => initialFactors(role, catalogue));
  const requestedFactors = useDebouncedValue(factors, ADVICE_DEBOUNCE_MS);
  const advice = useAdvice(role.id, requestedFactors);
  const adviceIsCurrent = requestedFactors === factors && advice.isSuccess && !advice.isPlaceholderData;
  const factorLabels = Object.fromEntries(
    Object.entries(catalogue.labels).map(([name, label]) => [name, label.name]),
  );

  return (
    <section aria-labelledby="advisor-heading" className="advisor">
      <h2 id="advisor-heading">Work-model advisor</h2>
      <p className="muted advisor-intro">
        Rate the factors for this role. The advisor adds up each factor's points for onsite, remote and
        hybrid, rules out what the hard constraints forbid, and cites the evidence behind every step. The
        recommendation updates as you change the factors.
      </p>
      <div className="advisor-grid">
        <FactorsForm catalogue={catalogue} factors={factors} onChange={setFactors} />
        <div className="advice-summary">
          {advice.isPending && <Loading what="the advice" />}
          {advice.isError && <FormError error={advice.error} fieldLabels={factorLabels} />}
          {advice.data && (
            <>
              <RecommendationSummary advice={advice.data} updating={!adviceIsCurrent} />
              <HardConstraintsCallout advice={advice.data} />
              <ScoresFigure advice={advice.data} />
              <OrganizationEvidence advice={advice.data} />
            </>
          )}
        </div>
      </div>
      {advice.data && (
        <>
          <AdviceDetails advice={advice.data} catalogue={catalogue} />
          <DecisionForm
            roleId={role.id}
            factors={factors}
            advice={advice.data}
            adviceIsCurrent={adviceIsCurrent}
            currentModel={role.workModel}
            currentOnsiteDays={role.onsiteDaysPerWeek}
          />
        </>
      )}
    </section>
  );
}
