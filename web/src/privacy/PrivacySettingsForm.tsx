import { type FormEvent, useState } from "react";
import { DEMOGRAPHIC_PRESETS, demographicPresets } from "../../../src/modules/portal/demographic-presets";
import type { PrivacySettings } from "../api/schema";
import { NumberField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { retentionDaysRange, useUpdatePrivacySettings } from "./privacy";

export function PrivacySettingsForm({ settings }: { settings: PrivacySettings }) {
  const update = useUpdatePrivacySettings();
  const [shareFeedback, setShareFeedback] = useState(settings.shareFeedbackWithCandidates);
  const [retain, setRetain] = useState(settings.candidateRetentionDays === null ? "keep" : "erase");
  const [days, setDays] = useState(String(settings.candidateRetentionDays ?? 365));
  const [preset, setPreset] = useState(settings.demographicPreset);
  const [status, setStatus] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    update.mutate(
      {
        shareFeedbackWithCandidates: shareFeedback,
        candidateRetentionDays: retain === "keep" ? null : Number(days),
        demographicPreset: preset,
      },
      { onSuccess: () => setStatus("Privacy settings saved.") },
    );
  }

  return (
    <section aria-labelledby="privacy-settings-heading" className="panel">
      <h3 id="privacy-settings-heading">Privacy settings</h3>
      <form onSubmit={submit} className="form privacy-form">
        <fieldset className="fieldset">
          <legend>Feedback to candidates</legend>
          <div className="checkbox-field">
            <input
              id="privacy-share-feedback"
              type="checkbox"
              checked={shareFeedback}
              aria-describedby="privacy-share-feedback-hint"
              onChange={(event) => setShareFeedback(event.target.checked)}
            />
            <label htmlFor="privacy-share-feedback">Share interview feedback with candidates</label>
          </div>
          <p id="privacy-share-feedback-hint" className="hint">
            When on, candidates see in their portal the average score of each stage they went through (1 to 4)
            and how many interviewers recommended for or against them. They never see who rated them, the
            evidence notes or how the decision was weighed. When off, the portal shows stages and interview
            times only.
          </p>
        </fieldset>

        <fieldset className="fieldset">
          <legend>Retention of candidate data</legend>
          <p id="privacy-retention-hint" className="hint">
            A daily job erases candidates whose applications were all rejected or withdrawn at least this many
            days ago. Erasing removes their personal data; anonymised scores and decisions stay so that
            statistics keep their shape. Hired and active candidates are never erased automatically.
          </p>
          <div className="radio-option">
            <input
              id="privacy-retention-keep"
              type="radio"
              name="privacy-retention"
              value="keep"
              checked={retain === "keep"}
              onChange={() => setRetain("keep")}
            />
            <label htmlFor="privacy-retention-keep">Keep candidates until an admin erases them</label>
          </div>
          <div className="radio-option">
            <input
              id="privacy-retention-erase"
              type="radio"
              name="privacy-retention"
              value="erase"
              checked={retain === "erase"}
              aria-describedby="privacy-retention-hint"
              onChange={() => setRetain("erase")}
            />
            <label htmlFor="privacy-retention-erase">
              Erase rejected and withdrawn candidates automatically
            </label>
          </div>
          {retain === "erase" && (
            <NumberField
              id="privacy-retention-days"
              label="Erase after (days)"
              required
              className="field field-narrow"
              hint={`From ${retentionDaysRange.min} to ${retentionDaysRange.max} days.`}
              min={retentionDaysRange.min}
              max={retentionDaysRange.max}
              step={1}
              value={days}
              onChange={(text) => setDays(text)}
            />
          )}
        </fieldset>

        <fieldset className="fieldset" aria-describedby="privacy-demographics-hint">
          <legend>Self-identification questions</legend>
          <p id="privacy-demographics-hint" className="hint">
            The voluntary questions candidates may answer in their portal, for the adverse-impact checks in
            Analytics. Choose the categories that fit the country you hire in; answers already given stay and
            are counted under their own categories.
          </p>
          {DEMOGRAPHIC_PRESETS.map((option) => (
            <div className="radio-option" key={option}>
              <input
                id={`privacy-demographics-${option}`}
                type="radio"
                name="privacy-demographics"
                value={option}
                checked={preset === option}
                aria-describedby={`privacy-demographics-${option}-hint`}
                onChange={() => setPreset(option)}
              />
              <div>
                <label htmlFor={`privacy-demographics-${option}`}>{demographicPresets[option].label}</label>
                <p id={`privacy-demographics-${option}-hint`} className="hint">
                  {demographicPresets[option].description}
                </p>
              </div>
            </div>
          ))}
        </fieldset>

        <FormError error={update.error} />
        <p role="status" className="form-success">
          {status}
        </p>
        <button type="submit" className="button" disabled={update.isPending}>
          Save privacy settings
        </button>
      </form>
    </section>
  );
}
