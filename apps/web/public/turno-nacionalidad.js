// Enhancement only: the nationality is a native <select> that works without JavaScript; here it
// becomes searchable (GOV.UK's accessible-autocomplete, served from /static/autocomplete), in the
// page's language (the select's data-* attributes carry the catalogue's words), accents ignored.
const select = document.querySelector('select.app-nationality');
const autocomplete = window.accessibleAutocomplete;
if (select && autocomplete) {
  const words = select.dataset;
  const fold = (s) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const names = [...select.options].filter((o) => o.value).map((o) => o.textContent.trim());
  const folded = names.map(fold);
  const chosen = select.options[select.selectedIndex];
  const fill = (text, values) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), text);
  autocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: chosen && chosen.value ? chosen.textContent.trim() : '',
    // No autoselect: its completion hint is a second, unlabelled input (axe: label). Arrow down, then Enter, as GOV.UK's pattern.
    autoselect: false,
    minLength: 1,
    source: (query, populate) => {
      const q = fold(query.trim());
      const starts = [];
      const contains = [];
      folded.forEach((name, i) => {
        if (name.startsWith(q)) starts.push(names[i]);
        else if (name.includes(q)) contains.push(names[i]);
      });
      populate([...starts, ...contains]);
    },
    tNoResults: () => words.noResults,
    tStatusNoResults: () => words.noResults,
    tStatusQueryTooShort: (minQueryLength) => fill(words.tooShort, { minQueryLength }),
    tStatusSelectedOption: (option, length, index) => fill(words.selected, { option, index: index + 1, length }),
    tStatusResults: (length, selected) => `${length === 1 ? words.result : fill(words.results, { count: length })} ${selected}`,
    tAssistiveHint: () => words.assistive,
  });
  // A cleared box clears the choice: the select sends nothing rather than the last country chosen.
  const input = document.getElementById(select.id.replace(/-select$/, ''));
  if (input) {
    input.addEventListener('blur', () => {
      if (!input.value.trim()) select.value = '';
    });
  }
}
