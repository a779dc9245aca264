// The demo page: the example buttons fill the search box.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-query]') : null;
  const widget = document.querySelector('fihris-search');
  if (!button || !widget) return;
  customElements.whenDefined('fihris-search').then(() => widget.setQuery(button.dataset.query));
});
