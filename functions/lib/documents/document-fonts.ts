import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { create, type Font } from 'fontkit';
import { documentFontFiles, documentFontPackageFolder } from './document-font-files.js';

/**
 * The fonts documents are set in: DejaVu Sans (npm `dejavu-fonts-ttf`, Bitstream Vera licence),
 * embedded in every PDF (subset to the glyphs used) so any name or address prints, not only
 * the Latin-1 the PDF standard fonts cover. A Lambda bundle carries them in `fonts/` beside
 * its code (infra/aws/use-case-bundling.ts copies them); from source they come from the package.
 */
function fontBytes(file: string): Buffer {
  const beside = fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  try {
    return readFileSync(createRequire(import.meta.url).resolve(`${documentFontPackageFolder}/${file}`));
  } catch (error) {
    throw new Error(`the document font ${file} is neither in fonts/ beside the code nor in node_modules/${documentFontPackageFolder} (a bundle built without it?)`, { cause: error });
  }
}

function parsed(file: string): Font {
  const font = create(fontBytes(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

let loaded: { regular: Font; bold: Font } | undefined;

/**
 * Read and parsed once per process, on first use (a function that never renders never pays
 * for them), then shared by every document: parsing a 700 KB font is most of a small bill's
 * rendering time. Each document still embeds its own subset.
 */
export function documentFonts(): { regular: Font; bold: Font } {
  loaded ??= { regular: parsed(documentFontFiles.regular), bold: parsed(documentFontFiles.bold) };
  return loaded;
}
