// Combined filters on a listing (a zone by field and kind, a field by FTZ and kind, a batch by 片区 and field).
// The state is the URL (?field=…&kind=…), so a filtered listing can be linked; links reload the page, so it works from
// disk (file://) as over http. Without this script the full listing shows. The listing's cards, every page of it, come
// from listings/….js (loaded with <script src>); text reaches the page only through textContent.
(function () {
  'use strict';
  var box = document.getElementById('listing-filters');
  if (!box) return;
  var LABELS = { field: '领域', kind: '类型', ftz: '自贸试验区', zone: '片区' };
  var NO_FIELD = '未归类', NO_ZONE = '未定片区';
  var facets = box.getAttribute('data-facets').split(' ').filter(Boolean);
  var root = box.getAttribute('data-root') || '';
  var all = document.getElementById('listing-all');
  var out = document.getElementById('listing-filtered');
  var page = location.pathname.split('/').pop();
  var cards = null;

  window.casebookListing = function (name, data) { cards = data; };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function values(c, f) {
    if (f === 'field') return [c.field || NO_FIELD];
    if (f === 'kind') return [c.kind];
    var zones = c.zones ? c.zones.split('、') : [];
    if (f === 'zone') return zones.length ? zones : [NO_ZONE];
    var ftzs = [];
    zones.forEach(function (z) { var f = z.split('·')[0]; if (ftzs.indexOf(f) < 0) ftzs.push(f); });
    return ftzs.length ? ftzs : [NO_ZONE];
  }

  var params = new URLSearchParams(location.search), state = {};
  facets.forEach(function (f) { state[f] = (params.get(f) || '').trim(); });
  var active = facets.some(function (f) { return state[f]; });

  // This page (its first page when the listing has several) with some filters changed ('' removes one).
  function href(changes) {
    var p = new URLSearchParams();
    facets.forEach(function (f) {
      var v = f in changes ? changes[f] : state[f];
      if (v) p.set(f, v);
    });
    var q = p.toString();
    return (box.getAttribute('data-first') || page) + (q ? '?' + q : '');
  }

  function passes(c, except) {
    return facets.every(function (f) { return f === except || !state[f] || values(c, f).indexOf(state[f]) >= 0; });
  }

  function card(c) {
    var li = el('li', 'card');
    li.setAttribute('data-case-id', c.id);
    li.setAttribute('data-kind', c.kind);
    li.setAttribute('data-field', c.field);
    li.setAttribute('data-zones', c.zones);
    var a = el('a', 'card-title', c.title);
    a.href = root + c.url;
    li.appendChild(a);
    var meta = el('span', 'card-meta', c.label + (c.zones ? ' · ' + c.zones : ''));
    if (c.field) {
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(el('span', 'field' + (c.official ? '' : ' inferred'), c.field));
    }
    li.appendChild(meta);
    if (c.summary) li.appendChild(el('p', 'card-summary', c.summary));
    return li;
  }

  function render() {
    if (!cards) return;
    box.textContent = '';
    facets.forEach(function (f) {
      var counts = {}, order = [];
      cards.forEach(function (c) {
        if (!passes(c, f)) return;
        values(c, f).forEach(function (v) { if (!(v in counts)) { counts[v] = 0; order.push(v); } counts[v]++; });
      });
      if (order.length < 2 && !state[f]) return;
      var group = el('div', 'filter-group');
      group.appendChild(el('span', 'filter-label', LABELS[f]));
      var ul = el('ul', 'chips');
      order.forEach(function (v) {
        var on = state[f] === v, change = {};
        change[f] = on ? '' : v;
        var a = el('a', on ? 'on' : null);
        a.href = href(change);
        a.setAttribute('data-facet', f);
        a.setAttribute('data-value', v);
        if (on) { a.setAttribute('aria-current', 'true'); a.title = '取消此筛选'; }
        a.appendChild(document.createTextNode(v + ' '));
        a.appendChild(el('span', 'count', String(counts[v])));
        var li = el('li');
        li.appendChild(a);
        ul.appendChild(li);
      });
      group.appendChild(ul);
      box.appendChild(group);
    });
    if (!box.firstChild) return;
    box.hidden = false;
    if (!active) return;
    var shown = cards.filter(function (c) { return passes(c, null); });
    var status = el('p', 'filter-status');
    status.setAttribute('role', 'status');
    status.appendChild(document.createTextNode('筛选后 ' + shown.length + ' 项（共 ' + cards.length + ' 项） '));
    var clear = el('a', 'filter-clear', '清除筛选');
    clear.href = href(facets.reduce(function (o, f) { o[f] = ''; return o; }, {}));
    status.appendChild(clear);
    box.appendChild(status);
    out.textContent = '';
    shown.forEach(function (c) { out.appendChild(card(c)); });
    out.hidden = false;
    all.hidden = true;
  }

  var s = document.createElement('script');
  s.src = box.getAttribute('data-src');
  s.charset = 'utf-8';
  s.onload = render;
  document.head.appendChild(s);
})();
