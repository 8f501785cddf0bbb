export interface ValidityEstimate {
  method: string;
  schmidtHunter1998: number;
  sackett2022: number;
}

export const validityEstimates: readonly ValidityEstimate[] = [
  { method: "Structured interview", schmidtHunter1998: 0.51, sackett2022: 0.42 },
  { method: "Job knowledge test", schmidtHunter1998: 0.48, sackett2022: 0.4 },
  { method: "Work sample test", schmidtHunter1998: 0.54, sackett2022: 0.33 },
  { method: "General mental ability", schmidtHunter1998: 0.51, sackett2022: 0.31 },
  { method: "Unstructured interview", schmidtHunter1998: 0.38, sackett2022: 0.19 },
  { method: "Years of experience", schmidtHunter1998: 0.18, sackett2022: 0.07 },
];

/** Validity coefficients are conventionally written without the leading zero, e.g. ".51". */
export function formatValidity(value: number): string {
  return value.toFixed(2).replace(/^0/, "");
}
