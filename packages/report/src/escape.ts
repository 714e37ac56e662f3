// Escaping for each output format. Every piece of text from a run (scenario names, details,
// hook output in fault errors) goes through one of these.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Characters XML 1.0 forbids outright (control characters but tab, LF, CR; lone surrogates;
// U+FFFE/U+FFFF). Hook output can carry them; a JUnit file with one does not parse.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// XML's own five entities (`&apos;` rather than HTML's numeric form, which not every JUnit reader decodes).
const XML_ENTITIES: Record<string, string> = { ...ENTITIES, "'": '&apos;' };

/** Text for XML element content or an attribute value (quotes too, invalid characters dropped). */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Text for one Markdown table cell or inline run: HTML-significant characters become
 * entities (GitHub renders some HTML), pipes and newlines cannot break the table, and
 * emphasis/code characters stay literal.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}
