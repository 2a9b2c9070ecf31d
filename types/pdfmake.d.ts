// pdfmake 0.3 ships no typings; the little of its Node API the core uses (the reports' PDFs).
declare module 'pdfmake' {
  interface FontFiles { normal: string; bold: string; italics: string; bolditalics: string }
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
