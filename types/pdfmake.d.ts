// pdfmake 0.3 ships no typings; the little of its Node API the core uses (the reports' PDFs).
declare module 'pdfmake' {
  /** A file in the virtual file system, or [file, PostScript name] for a face of a .ttc collection. */
  type FontFile = string | [string, string];
  interface FontFiles { normal: FontFile; bold: FontFile; italics: FontFile; bolditalics: FontFile }
  interface OutputDocument { getBuffer(): Promise<Buffer> }
  interface PdfMake {
    virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
    setFonts(fonts: Record<string, FontFiles>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    createPdf(doc: Record<string, unknown>, options?: Record<string, unknown>): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
