import type { ResponseBody } from "../api/schema";

export type Pad = ResponseBody<"/api/v1/interviews/{interviewId}/pad", "get">;
export type PadKit = NonNullable<Pad["kit"]>;
export type PadPlayback = ResponseBody<"/api/v1/pads/{padId}/playback", "get">;
export type PadMarker = PadPlayback["markers"][number];
export type PadLanguage = Pad["language"];
