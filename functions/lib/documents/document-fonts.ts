import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { documentFontFiles, documentFontPackageFolder } from './document-font-files.js';

/**
 * The fonts documents are set in: DejaVu Sans (npm `dejavu-fonts-ttf`, Bitstream Vera licence),
 * embedded in every PDF (subset to the glyphs used) so any name or address prints, not only
 * the Latin-1 the PDF standard fonts cover. A Lambda bundle carries them in `fonts/` beside
 * its code (infra/aws/use-case-functions.ts copies them); from source they come from the package.
 */

function fontBytes(file: string): Buffer {
  const beside = fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(`${documentFontPackageFolder}/${file}`));
}

let loaded: { regular: Buffer; bold: Buffer } | undefined;

/** Read once per process, on first use: a function that never renders never pays for them. */
export function documentFonts(): { regular: Buffer; bold: Buffer } {
  loaded ??= { regular: fontBytes(documentFontFiles.regular), bold: fontBytes(documentFontFiles.bold) };
  return loaded;
}
