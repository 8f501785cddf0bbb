import type { Area } from "./areas";

/** An area that is not open yet: it says plainly what will be here. */
export function AreaPage({ area }: { area: Area }) {
  return (
    <article className="page">
      <title>{`${area.title} – Evident`}</title>
      <h1>{area.title}</h1>
      <p className="status-pill">Not open yet</p>
      {area.plannedContent.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
    </article>
  );
}
