// Stands in for the `brotli` package's decoder in Lambda bundles (infra/lambda-bundling.ts):
// fontkit needs it only for WOFF2 fonts, and documents are set in TTF fonts
// (functions/lib/documents/document-fonts.ts), so 475 KB of decoder would never run.
export default function decompress() {
  throw new Error('WOFF2 fonts are not supported in this bundle: documents use TTF fonts');
}
