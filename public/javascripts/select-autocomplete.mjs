// A select field (views/engine/fields/select.njk, data-module="app-select-autocomplete")
// turned by GOV.UK's accessible-autocomplete into a text box that suggests
// options as the person types: pick one with the arrow keys and Enter, or by
// clicking. Options marked data-always-offered ("My agency is not listed") are
// suggested whatever is typed. The select stays in the form, hidden, and is
// what is sent: on sending, it takes the option whose text is in the box, or
// none (so the server asks again) if the text matches no option. Without
// JavaScript, or if this cannot start, the select is used as it is.
//
// Loaded by init.mjs only on pages with such a select, from the same versioned
// folder as accessible-autocomplete's own files (src/web/assets.ts); its
// stylesheets are added here, so other pages do not load them.
import { Component } from './govuk-frontend.min.js';
// A UMD bundle: as a module it sets window.accessibleAutocomplete.
import './accessible-autocomplete.min.js';

const STYLESHEETS = ['accessible-autocomplete.min.css', 'select-autocomplete.css'];

/** @returns {Promise<unknown>} once the stylesheets have loaded (or failed to) */
function addStylesheets() {
  return Promise.all(
    STYLESHEETS.map((name) => {
      const href = new URL(`./${name}`, import.meta.url).href;
      if (Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((link) => link.href === href)) return Promise.resolve();
      return new Promise((resolve) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.addEventListener('load', resolve);
        link.addEventListener('error', resolve);
        document.head.append(link);
      });
    }),
  );
}

/** @param {string} text */
const normalise = (text) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/**
 * @param {string | undefined} template - words from the page, with {placeholders}
 * @param {Record<string, string | number>} values
 */
const fill = (template, values) => (template ?? '').replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));

export class SelectAutocomplete extends Component {
  static moduleName = 'app-select-autocomplete';
  static elementType = HTMLSelectElement;

  /** @param {Element} $root - the <select> */
  constructor($root) {
    super($root);
    const autocomplete = /** @type {{ accessibleAutocomplete?: { enhanceSelectElement?: (options: object) => void } }} */ (window).accessibleAutocomplete;
    if (!autocomplete || typeof autocomplete.enhanceSelectElement !== 'function') return;
    const enhance = autocomplete.enhanceSelectElement;
    void addStylesheets().then(() => this.enhance(/** @type {HTMLSelectElement} */ ($root), enhance));
  }

  /**
   * @param {HTMLSelectElement} select
   * @param {(options: object) => void} enhanceSelectElement
   */
  enhance(select, enhanceSelectElement) {
    const id = select.id;
    const words = select.dataset;
    const options = Array.from(select.options).filter((option) => option.value !== '');
    const textOf = (/** @type {HTMLOptionElement} */ option) => option.text.trim();
    const always = options.filter((option) => option.hasAttribute('data-always-offered'));
    const listed = options.filter((option) => !option.hasAttribute('data-always-offered'));
    const describedBy = (select.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);

    /**
     * Every option whose text holds every typed word, those that start with
     * what was typed first, then the options always offered.
     * @param {string} query
     * @param {(results: string[]) => void} populate
     */
    const source = (query, populate) => {
      const typed = normalise(query);
      const typedWords = typed.split(' ').filter(Boolean);
      const matches = listed.filter((option) => typedWords.every((word) => normalise(textOf(option)).includes(word)));
      const starting = matches.filter((option) => normalise(textOf(option)).startsWith(typed));
      const others = matches.filter((option) => !starting.includes(option));
      populate([...starting, ...others, ...always].map(textOf));
    };

    /** @param {string} text */
    const optionFor = (text) => options.find((option) => normalise(textOf(option)) === normalise(text));

    enhanceSelectElement({
      selectElement: select,
      id,
      defaultValue: '',
      source,
      minLength: 1,
      onConfirm: (/** @type {string | undefined} */ text) => {
        if (text === undefined) return;
        select.value = optionFor(text)?.value ?? '';
      },
      tNoResults: () => words.noResults,
      tStatusQueryTooShort: () => '',
      tStatusNoResults: () => words.statusNoResults,
      tStatusSelectedOption: (/** @type {string} */ option, /** @type {number} */ count, /** @type {number} */ index) =>
        fill(words.statusSelectedOption, { option, count, position: index + 1 }),
      tStatusResults: (/** @type {number} */ count, /** @type {string} */ selected) =>
        fill(count === 1 ? words.statusResultsOne : words.statusResultsOther, { count, selected }),
      tAssistiveHint: () => words.assistiveHint,
    });

    const input = document.getElementById(id);
    if (!(input instanceof HTMLInputElement)) return;
    // What is in the box is what is sent: a cleared or unmatched box sends no option.
    select.form?.addEventListener('submit', () => {
      select.value = optionFor(input.value)?.value ?? '';
    });
    // The field's hint and error describe the box too (the autocomplete sets its own description, and changes it).
    if (describedBy.length > 0) {
      const describe = () => {
        const current = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
        const wanted = [...describedBy, ...current.filter((token) => !describedBy.includes(token))];
        if (wanted.join(' ') !== current.join(' ')) input.setAttribute('aria-describedby', wanted.join(' '));
      };
      describe();
      new MutationObserver(describe).observe(input, { attributes: true, attributeFilter: ['aria-describedby'] });
    }
  }
}
