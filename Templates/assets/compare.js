// compare.html?ids=a,b,c: up to three cases side by side, their sections aligned by meaning (主要做法, 实践效果 …).
// Each case comes from compare/<id>.js (loaded with <script src>, so it works from disk as over http). Text reaches
// the page only through textContent.
(function () {
  'use strict';
  var MAX = 3;
  var me = document.currentScript;
  var ROOT = me.getAttribute('data-root') || '';
  var box = document.getElementById('compare');
  var status = document.getElementById('compare-status');
  var store = {};
  window.casebookCase = function (id, data) { store[id] = data; };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function load(id) {
    return new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = ROOT + 'compare/' + id + '.js';
      s.charset = 'utf-8';
      s.onload = function () { resolve(store[id] || null); };
      s.onerror = function () { resolve(null); };
      document.head.appendChild(s);
    });
  }

  var ids = (new URLSearchParams(location.search).get('ids') || '').split(',')
    .map(function (s) { return s.trim(); })
    .filter(function (s, i, all) { return /^[a-z0-9-]+$/.test(s) && all.indexOf(s) === i; })
    .slice(0, MAX);

  function hrefWithout(id) {
    var rest = ids.filter(function (x) { return x !== id; });
    return 'compare.html' + (rest.length ? '?ids=' + rest.join(',') : '');
  }

  if (!ids.length) {
    status.textContent = '尚未选择案例：在列表或搜索结果中点「对比」，最多选三个。';
    return;
  }
  status.textContent = '正在载入…';
  Promise.all(ids.map(load)).then(function (cases) {
    var missing = ids.filter(function (id, i) { return !cases[i]; });
    cases = cases.filter(Boolean);
    status.textContent = '并排对比 ' + cases.length + ' 个案例' + (missing.length ? '（找不到：' + missing.join('、') + '）' : '') + '。';
    if (!cases.length) return;
    var columns = 'repeat(' + cases.length + ', minmax(0, 1fr))';
    var head = el('div', 'compare-cases');
    head.style.gridTemplateColumns = columns;
    cases.forEach(function (c) {
      var d = el('div', 'compare-case');
      d.setAttribute('data-case-id', c.id);
      var h = el('h2');
      var a = el('a', null, c.title);
      a.href = ROOT + c.url;
      h.appendChild(a);
      d.appendChild(h);
      d.appendChild(el('span', 'card-meta', [c.label, c.zones, c.field].filter(Boolean).join(' · ')));
      var remove = el('a', 'compare-remove', '移出对比');
      remove.href = hrefWithout(c.id);
      d.appendChild(remove);
      head.appendChild(d);
    });
    box.appendChild(head);
    // Rows: the meanings in the data's order, then any other headings in the order they first appear.
    var rows = (cases[0].meanings || []).slice();
    rows.unshift('概述');
    cases.forEach(function (c) {
      c.sections.forEach(function (s) { if (rows.indexOf(s.meaning) < 0) rows.push(s.meaning); });
    });
    rows.forEach(function (meaning) {
      var held = cases.map(function (c) { return c.sections.filter(function (s) { return s.meaning === meaning; }); });
      if (!held.some(function (h) { return h.length; })) return;
      var section = el('section', 'compare-section');
      section.setAttribute('data-meaning', meaning);
      section.appendChild(el('h2', 'compare-meaning', meaning));
      var row = el('div', 'compare-row');
      row.style.gridTemplateColumns = columns;
      held.forEach(function (sections, i) {
        var cell = el('div', 'compare-cell');
        cell.setAttribute('data-case-id', cases[i].id);
        cell.appendChild(el('p', 'cell-case', cases[i].title));
        if (!sections.length) cell.appendChild(el('p', 'none', '（本案例无此部分）'));
        sections.forEach(function (s) {
          if (s.heading && s.heading !== meaning) cell.appendChild(el('p', 'printed', '原文：' + s.heading));
          s.blocks.forEach(function (b) {
            cell.appendChild(el('p', b[0] === 'h' ? 'sub' : b[0] === 't' ? 'row' : null, b[1]));
          });
        });
        row.appendChild(cell);
      });
      section.appendChild(row);
      box.appendChild(section);
    });
  });
})();
