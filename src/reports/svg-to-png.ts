/**
 * Rasterises an SVG chart to PNG with resvg (a native renderer; no browser), at a fixed
 * width and with the system fonts, DejaVu Sans by default, as `tokex benchmark chart`
 * does. The same SVG on the same machine gives the same PNG bytes. Loaded lazily so
 * commands that write SVG only never load the native module.
 */

/** PNG bytes of `svg`, `widthPx` wide. */
export async function svgToPng(svg: string, widthPx = 1920): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
