import { renderSVG } from "uqr";

/** The participant link as an SVG QR code, with a quiet zone so phones read it off a projector. */
export function qrSvg(text: string): string {
  return renderSVG(text, { border: 2, ecc: "M" });
}
