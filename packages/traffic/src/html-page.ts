import { selectAll, selectOne } from 'css-select';
import type { Document, Element } from 'domhandler';
import { getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';

/**
 * An HTML answer, parsed once on first use. htmlparser2 (with css-select from the same author) is
 * the fastest well-kept parser on npm and forgiving of real pages; parse5 follows the spec to the
 * letter at several times the cost, which a load generator cannot afford per request.
 */
export class HtmlPage {
  readonly #body: string;
  #doc: Document | undefined;

  constructor(body: string) {
    this.#body = body;
  }

  get document(): Document {
    this.#doc ??= parseDocument(this.#body, { decodeEntities: true, lowerCaseAttributeNames: true });
    return this.#doc;
  }

  /** The first element matching `selector`, or null. Throws on an invalid selector. */
  select(selector: string): Element | null {
    return selectOne<Document | Element, Element>(selector, this.document);
  }

  /** Every element matching `selector`. */
  selectAll(selector: string): Element[] {
    return selectAll<Document | Element, Element>(selector, this.document);
  }
}

/** Reads an element's attribute, or its text content for `text`. */
export function elementValue(el: Element, attr: string): string | undefined {
  if (attr === 'text') return textContent(el).trim();
  return getAttributeValue(el, attr);
}

export { selectorProblem } from './css-selector.ts';
