/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A minimal server-rendered HTML page. */
export const htmlPage = (title: string, body: string, head = ''): string =>
  `<!doctype html><html><head><title>${escapeHtml(title)}</title>${head}</head><body>${body}</body></html>`;
