/** The font files documents are set in, and the package folder they come from (read by the renderer and by the CDK bundling). */
export const documentFontFiles = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
export const documentFontPackageFolder = 'dejavu-fonts-ttf/ttf';
