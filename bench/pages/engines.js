// One adapter per engine, shared by the benchmark pages. Every engine is
// opened from the files a site would serve: Fihris from dist/ (fihris.js +
// pkg/), Pagefind from its bundle (pagefind.js), the other peers from their
// browser bundle (/lib/<name>.js) and their serialized index.
//
//   const e = await openEngine(name, corpus);
//   e.search(query, limit)      → engine's own result (sync, or a Promise when e.async;
//                                 Fihris: always a Promise)
//   e.ids(result)               → document ids, best first (null when the result has none)
//   e.count(result)             → number of hits returned
//   await e.first(query, limit) → [{ title, excerpt }] to render
//   renderHits(list, hits)      → those hits in the page, laid out

/** Document id from a Pagefind result URL (`/site/<corpus>/1/1.html`, `/000_x.html`, …). */
export function docId(url, site = '') {
  let s = String(url).split(/[?#]/)[0];
  s = decodeURIComponent(s);
  if (site && s.startsWith(site)) s = s.slice(site.length);
  const at = s.lastIndexOf('/html/');
  if (at >= 0) s = s.slice(at + 6);
  s = s.replace(/^\/+/, '').replace(/\.html$/, '').replace(/\/index$/, '').replace(/\/$/, '');
  return s;
}

function loadScript(src) {
  return new Promise((done, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => done();
    s.onerror = () => fail(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

/**
 * Put `hits` (from `e.first`) in `list` as title + excerpt items, in place of what it held, and
 * return once their layout is done: from then on the hits are on the page.
 *
 * @param {HTMLElement} list
 * @param {Array<{ title: string, excerpt: string }>} hits
 */
export function renderHits(list, hits) {
  list.replaceChildren(
    ...hits.map((hit) => {
      const li = document.createElement('li');
      const h = document.createElement('h3');
      h.textContent = hit.title;
      const p = document.createElement('p');
      p.textContent = hit.excerpt;
      li.append(h, p);
      return li;
    }),
  );
  void list.offsetHeight;
}

export async function openEngine(name, corpus, layout = '') {
  const site = `/site/${corpus}/`;
  // layout 'site' (bench/site.mjs): each engine's own copy of a built website, indexed by the
  // engine's CLI with --site, the engine loaded from the files that CLI wrote into the copy
  // (Fihris: <copy>/fihris/fihris.js and fihris/index/; Pagefind: <copy>/pagefind/pagefind.js).
  const own = layout === 'site';
  if (name === 'fihris') {
    const { Fihris } = await import(own ? `${site}fihris/fihris/fihris.js` : '/dist/fihris.js');
    const engine = await Fihris.load({ index: own ? `${site}fihris/fihris/index/` : `${site}fihris/index/` });
    // search() returns a Promise (it resolves at once for a single-file index, and after the
    // shards a query needs for a sharded one), so the engine is async; no probe query runs on
    // the cold page's critical path.
    return {
      name,
      version: `fihris (format ${engine.formatVersion})`,
      docs: engine.documentCount,
      async: true,
      search: (q, limit) => engine.search(q, { limit }),
      ids: (r) => r.hits.map((h) => h.id),
      count: (r) => r.hits.length,
      total: (r) => r.total,
      first: async (q, limit) => (await engine.search(q, { limit })).hits.map((h) => ({ title: h.title, excerpt: h.excerpt })),
    };
  }
  if (name === 'pagefind' || name === 'pagefind+data') {
    const pf = await import(own ? `${site}pagefind/pagefind/pagefind.js` : `${site}pagefind/pagefind.js`);
    if (pf.init) await pf.init();
    const withData = name === 'pagefind+data';
    const data = async (results, limit) => Promise.all(results.slice(0, limit).map((r) => r.data()));
    return {
      name,
      version: 'pagefind',
      async: true,
      search: withData
        ? async (q, limit) => (await data((await pf.search(q)).results, limit)).map((d) => docId(d.url, site))
        : async (q) => (await pf.search(q)).results,
      ids: withData ? (r) => r : () => null,
      count: (r) => r.length,
      total: (r) => r.length,
      first: async (q, limit) => {
        const found = await pf.search(q);
        return (await data(found.results, limit)).map((d) => ({ title: d.meta?.title || d.url, excerpt: d.excerpt }));
      },
    };
  }
  await loadScript(`/lib/${name}.js`);
  const lib = globalThis.FihrisBench?.engines?.[name];
  if (!lib) throw new Error(`/lib/${name}.js did not register FihrisBench.engines.${name}`);
  const serialized = await fetchText(`${site}peers/${name}.json`);
  const instance = await lib.load(serialized);
  const probe = lib.search(instance, 'a', 1);
  const isAsync = !!(probe && typeof probe.then === 'function');
  if (isAsync) await probe;
  return {
    name,
    version: `${name} ${lib.version || ''}`.trim(),
    async: isAsync,
    search: (q, limit) => lib.search(instance, q, limit),
    ids: (r) => r.map(String),
    count: (r) => r.length,
    total: (r) => r.length,
    first: async (q, limit) => (await lib.search(instance, q, limit)).map((id) => ({ title: String(id), excerpt: '' })),
  };
}
