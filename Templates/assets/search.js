// Casebook search (see docs/search.md). No server and no framework.
//
// The index is a set of scripts under search/, each calling casebookIndex(name, data). They are loaded with
// <script src>, never fetch or XHR, so search works from disk (file://) exactly as over http. A query loads
// search/meta.js (facets and lengths), the shards holding its n-grams, and the texts of the results on screen.
//
// Case text reaches the page only through textContent and createElement, never innerHTML.
(function () {
  'use strict';

  var PAGE = 10;       // results shown at a time
  var SNIPPET = 120;   // characters of text shown around the first hit
  var NO_FIELD = '未归类';
  var me = document.currentScript;
  var BASE = me.getAttribute('data-index') || 'search/';
  var ROOT = me.getAttribute('data-root') || '';

  // ---------------------------------------------------------------- loading

  var store = {};
  var pending = {};

  // Every index file calls this.
  window.casebookIndex = function (name, data) { store[name] = data; };

  // Loads search/<name>.js once; resolves to the data it registered. (search.html loads meta.js itself, in parallel
  // with this script, so it is usually registered before the search starts.)
  function load(name) {
    if (name in store) return Promise.resolve(store[name]);
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = BASE + name + '.js';
        s.charset = 'utf-8';
        s.onload = function () { if (name in store) resolve(store[name]); else reject(new Error(name)); };
        s.onerror = function () { reject(new Error(name)); };
        document.head.appendChild(s);
      });
    }
    return pending[name];
  }

  // ---------------------------------------------------------------- reading text (same rules as SearchText.swift)

  var WORD = 0, IGNORED = 1, BOUNDARY = 2;

  // Full-width ASCII to ASCII (１＋Ｎ → 1+N), then Latin capitals to small letters.
  function fold(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if ((c >= 0x41 && c <= 0x5A) || (c >= 0xC0 && c <= 0xDE && c !== 0xD7)) c += 0x20;
    return c;
  }

  // Word characters are indexed; spaces are dropped (关银一 KEY 通 reads as 关银一KEY通); boundaries end a run.
  function kindOf(c) {
    if (c === 0x0A || c === 0x0D || c === 0x85 || c === 0x2028 || c === 0x2029) return BOUNDARY;
    if (c === 0x09 || c === 0x0B || c === 0x0C || c === 0x20 || c === 0xA0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
        c === 0x202F || c === 0x205F || c === 0x3000 || c === 0xFEFF) return IGNORED;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c === 0x23 || c === 0x25 || c === 0x26 || c === 0x2B || c === 0x40) return WORD;
    if (c <= 0xBF || c === 0xD7 || c === 0xF7) return BOUNDARY;
    if ((c >= 0x2000 && c <= 0x20FF) || (c >= 0x2190 && c <= 0x245F) || (c >= 0x2500 && c <= 0x2BFF)) return BOUNDARY;
    if ((c >= 0x3001 && c <= 0x3004) || (c >= 0x3008 && c <= 0x303F)) return BOUNDARY;
    if ((c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF5F && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEE)) return BOUNDARY;
    return WORD;
  }

  // The runs of word characters in text, folded; spaces join their neighbours unless spacesSplit.
  function runs(text, spacesSplit) {
    var out = [], run = '';
    for (var ch of text) {
      var c = fold(ch.codePointAt(0)), k = kindOf(c);
      if (k === WORD) run += String.fromCodePoint(c);
      else if (k === BOUNDARY || spacesSplit) { if (run) out.push(run); run = ''; }
    }
    if (run) out.push(run);
    return out;
  }

  // A query: its terms (all must occur) and, when spaces split it, the phrase it makes without them.
  function parseQuery(q) {
    var terms = [];
    runs(q, true).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
    var whole = runs(q, false);
    return { terms: terms, forms: terms.map(function (t) { return [t]; }), groups: terms.map(function () { return -1; }), names: terms.map(function (t) { return [t]; }), phrase: whole.length === 1 && terms.length > 1 ? whole[0] : null };
  }

  // The keys a term is looked up by: itself (1–3 characters) or up to maxGrams evenly spread trigrams.
  function grams(term, maxGrams) {
    var cps = Array.from(term);
    if (cps.length <= 3) return [term];
    var all = [];
    for (var i = 0; i + 3 <= cps.length; i++) all.push(cps.slice(i, i + 3).join(''));
    if (all.length <= maxGrams) return all;
    var m = maxGrams - 1, picked = [];
    for (var j = 0; j <= m; j++) picked.push(all[Math.floor((2 * j * (all.length - 1) + m) / (2 * m))]);
    return picked;
  }

  // FNV-1a over code points, high bits folded in; the same in SearchText.hash.
  function shardOf(key, meta) {
    var h = 0x811c9dc5;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
    h = (h ^ (h >>> 16)) >>> 0;
    var hex = (h & (meta.shards - 1)).toString(16);
    while (hex.length < meta.shardDigits) hex = '0' + hex;
    return 'k/' + hex;
  }

  // Text folded for matching, with where each folded unit came from, so hits can be marked in the original.
  function foldText(text) {
    var out = '', from = [], to = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), n = cp > 0xFFFF ? 2 : 1, c = fold(cp), k = kindOf(c);
      var s = k === WORD ? String.fromCodePoint(c) : k === BOUNDARY ? '\n' : '';
      for (var j = 0; j < s.length; j++) { out += s[j]; from.push(i); to.push(i + n); }
      i += n;
    }
    return { text: out, from: from, to: to };
  }

  // ---------------------------------------------------------------- the index

  // Numbers as written by SearchEncoding.varint: '0'–'v' end a number, 'A'–'Z' 'w'–'z' '-' '_' continue it.
  var DIGIT = new Int8Array(128).fill(-1);
  '0123456789abcdefghijklmnopqrstuv'.split('').forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = i; });
  'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_'.split('').forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = 32 + i; });

  function numbers(s) {
    var out = [], v = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) v = v * 32 + d - 32;
      else { out.push(v * 32 + d); v = 0; }
    }
    return out;
  }

  // A key's postings: ascending case numbers, the key's count in each case, and whether the case's title has it.
  function postings(key, meta) {
    var shard = store[shardOf(key, meta)];
    var list = Object.prototype.hasOwnProperty.call(shard, key) ? numbers(shard[key]) : [];
    var n = list.length / 2, p = { docs: new Int32Array(n), tf: new Int32Array(n), title: new Uint8Array(n) };
    for (var i = 0, doc = -1; i < n; i++) {
      doc += list[2 * i] + 1;
      p.docs[i] = doc;
      p.tf[i] = (list[2 * i + 1] >> 1) + 1;
      p.title[i] = list[2 * i + 1] & 1;
    }
    return p;
  }

  // The cases in both a and b. Counts are added (the terms of a query) or the smaller kept (the n-grams of a term).
  function intersect(a, b, add) {
    var n = Math.min(a.docs.length, b.docs.length), k = 0;
    var p = { docs: new Int32Array(n), tf: new Int32Array(n), title: new Uint8Array(n) };
    for (var i = 0, j = 0; i < a.docs.length && j < b.docs.length;) {
      if (a.docs[i] < b.docs[j]) i++;
      else if (a.docs[i] > b.docs[j]) j++;
      else {
        p.docs[k] = a.docs[i];
        p.tf[k] = add ? a.tf[i] + b.tf[j] : Math.min(a.tf[i], b.tf[j]);
        p.title[k++] = a.title[i++] & b.title[j++];
      }
    }
    return { docs: p.docs.subarray(0, k), tf: p.tf.subarray(0, k), title: p.title.subarray(0, k) };
  }

  // The cases holding every n-gram of a term (the texts shown are checked for the term itself).
  function matchTerm(term, meta) {
    return grams(term, meta.maxGrams)
      .map(function (key) { return postings(key, meta); })
      .reduce(function (a, b) { return intersect(a, b, false); });
  }

  // Cases holding every term, best first: the title holds the whole query (exactly, then within it), or every
  // term; then the text holds the terms as one phrase; then hits per character; then the official order.
  function rank(query, meta) {
    var cols = meta.columns;
    var all = query.forms.map(function (forms, i) {
      var lists = forms.map(function (t) { return matchTerm(t, meta); });
      if (query.groups[i] >= 0) lists.push(postings(groupKey(query.groups[i]), meta));
      return lists.reduce(union);
    }).reduce(function (a, b) { return intersect(a, b, true); });
    var whole = query.phrase || (query.terms.length === 1 ? query.terms[0] : null);
    var wholeLength = whole ? Array.from(whole).length : 0;
    var wholeIn = new Uint8Array(meta.docs);  // 1: the case holds the whole query, 2: its title does
    if (whole) {
      var w = query.phrase ? matchTerm(query.phrase, meta) : all;
      for (var i = 0; i < w.docs.length; i++) wholeIn[w.docs[i]] = 1 + w.title[i];
    }
    var hits = [];
    for (var j = 0; j < all.docs.length; j++) {
      var doc = all.docs[j];
      hits.push({
        doc: doc,
        tier: wholeIn[doc] === 2 ? (cols.titleLength[doc] === wholeLength ? 3 : 2) : all.title[j],
        phrase: !whole || wholeIn[doc] ? 1 : 0,
        density: all.tf[j] / Math.max(cols.length[doc], 1)
      });
    }
    return hits.sort(function (a, b) {
      return b.tier - a.tier || b.phrase - a.phrase || b.density - a.density || a.doc - b.doc;
    });
  }

  // All shards a query needs: those of every form of every term, of its group of equivalents, and of the phrase.
  function shardsFor(query, meta) {
    var names = {};
    query.forms.reduce(function (a, f) { return a.concat(f); }, []).concat(query.phrase ? [query.phrase] : []).forEach(function (t) {
      grams(t, meta.maxGrams).forEach(function (k) { names[shardOf(k, meta)] = true; });
    });
    query.groups.forEach(function (g) { if (g >= 0) names[shardOf(groupKey(g), meta)] = true; });
    return Object.keys(names);
  }

  // ---------------------------------------------------------------- forgiving search (SearchText+Variants.swift)

  // The files of traditional characters (search/t/<cp >> 8>.js) the query's characters need.
  function tsFilesFor(query, meta) {
    var names = {};
    query.terms.forEach(function (t) {
      for (var ch of t) {
        var block = (ch.codePointAt(0) >> 8).toString(16);
        if (meta.tsBlocks.indexOf(block) >= 0) names['t/' + block] = true;
      }
    });
    return Object.keys(names);
  }

  function simplified(term) {
    var out = '';
    for (var ch of term) {
      var pairs = store['t/' + (ch.codePointAt(0) >> 8).toString(16)], s = ch;
      if (pairs) {
        var cps = Array.from(pairs);
        for (var i = 0; i < cps.length; i += 2) if (cps[i] === ch) { s = cps[i + 1]; break; }
      }
      out += s;
    }
    return out;
  }

  // The forms a term is searched by: as typed and, when it differs, in simplified characters.
  function variants(term) {
    var s = simplified(term);
    return s === term ? [term] : [term, s];
  }

  // The group of equivalents (search-equivalents.yaml) the term is a name of, or -1; the index has a key per group,
  // one private-use character (U+F0000 + the group), holding the cases that hold any of its names.
  function groupOf(forms, meta) {
    return meta.equivalents.findIndex(function (names) { return names.some(function (n) { return forms.indexOf(n) >= 0; }); });
  }

  function groupKey(g) { return String.fromCodePoint(0xF0000 + g); }

  // A term holding names of groups inside it (广西自贸区) is also searched with each name replaced by the other names
  // of its group (广西自由贸易试验区, 广西自贸试验区): names found left to right, the longest at each place; every
  // combination, the first name changing slowest, at most MAX_EXPANSIONS. None for a term that holds no name or is a
  // name itself (groupOf). Only listed names are replaced: 南宁海关 stays 南宁海关. SearchText.expansions does the same.
  var MAX_EXPANSIONS = 8;
  function expansions(term, meta) {
    var cps = Array.from(term), groups = meta.equivalents.map(function (names) {
      return names.map(function (n) { return Array.from(n); });
    });
    var slots = [], literal = 0;
    for (var i = 0; i < cps.length;) {
      var best = null;
      groups.forEach(function (names, g) {
        names.forEach(function (n, k) {
          if (n.length > (best ? best.length : 0) && i + n.length <= cps.length && cps.slice(i, i + n.length).join('') === n.join('')) {
            best = { group: g, name: k, length: n.length };
          }
        });
      });
      if (best) {
        slots.push({ before: cps.slice(literal, i).join(''), group: best.group, name: best.name });
        i += best.length;
        literal = i;
      } else i++;
    }
    if (!slots.length || groups[slots[0].group][slots[0].name].length === cps.length) return [];
    var tail = cps.slice(literal).join(''), out = [], choice = slots.map(function () { return 0; });
    function next() {
      for (var s = slots.length - 1; s >= 0; s--) {
        if (++choice[s] < groups[slots[s].group].length) return true;
        choice[s] = 0;
      }
      return false;
    }
    do {
      if (out.length >= MAX_EXPANSIONS) break;
      if (choice.some(function (c, s) { return c !== slots[s].name; })) {
        out.push(slots.map(function (slot, s) { return slot.before + meta.equivalents[slot.group][choice[s]]; }).join('') + tail);
      }
    } while (next());
    return out;
  }

  // A term's forms: as typed, in simplified characters, and each of those with its names replaced (expansions).
  function formsOf(term, meta) {
    var forms = variants(term);
    forms.slice().forEach(function (f) {
      expansions(f, meta).forEach(function (e) { if (forms.indexOf(e) < 0) forms.push(e); });
    });
    return forms;
  }

  // The cases in a or b, counts added.
  function union(a, b) {
    var n = a.docs.length + b.docs.length, k = 0;
    var p = { docs: new Int32Array(n), tf: new Int32Array(n), title: new Uint8Array(n) };
    for (var i = 0, j = 0; i < a.docs.length || j < b.docs.length;) {
      if (j >= b.docs.length || (i < a.docs.length && a.docs[i] < b.docs[j])) {
        p.docs[k] = a.docs[i]; p.tf[k] = a.tf[i]; p.title[k++] = a.title[i++];
      } else if (i >= a.docs.length || b.docs[j] < a.docs[i]) {
        p.docs[k] = b.docs[j]; p.tf[k] = b.tf[j]; p.title[k++] = b.title[j++];
      } else {
        p.docs[k] = a.docs[i]; p.tf[k] = a.tf[i] + b.tf[j]; p.title[k++] = a.title[i++] | b.title[j++];
      }
    }
    return { docs: p.docs.subarray(0, k), tf: p.tf.subarray(0, k), title: p.title.subarray(0, k) };
  }

  // ---------------------------------------------------------------- facets

  var PARAMS = ['q', 'batch', 'ftz', 'area', 'field', 'kind', 'unit'];
  var AREA = 2;  // the 片区 facet's place in meta.facets: shown under its FTZ, not as a group of its own

  // Decodes the columns and lists, for each facet, its labels and the values (label indexes) of a case.
  function prepare(meta) {
    var c = meta.columns;
    Object.keys(c).forEach(function (k) { c[k] = numbers(c[k]); });
    var ftzs = [];
    meta.zones.forEach(function (z) { if (ftzs.indexOf(z[0]) < 0) ftzs.push(z[0]); });
    var setFtzs = meta.zoneSets.map(function (set) {
      return set.map(function (z) { return ftzs.indexOf(meta.zones[z][0]); })
        .filter(function (f, i, all) { return all.indexOf(f) === i; });
    });
    var setAreas = meta.zoneSets.map(function (set) { return set.filter(function (z) { return meta.zones[z][1]; }); });
    var one = [0];  // reused by the single-valued facets: read a case's values before asking for the next
    function single(column) { return function (d) { one[0] = column[d]; return one; }; }
    meta.facets = [
      { param: 'batch', heading: '批次', labels: meta.batches, of: single(c.batch) },
      { param: 'ftz', heading: '自贸试验区 / 片区', labels: ftzs, of: function (d) { return setFtzs[c.zones[d]]; } },
      { param: 'area', labels: meta.zones.map(function (z) { return z[1]; }), of: function (d) { return setAreas[c.zones[d]]; } },
      { param: 'field', heading: '领域', labels: meta.fields.map(function (f) { return f || NO_FIELD; }), of: single(c.field) },
      { param: 'kind', heading: '类型', labels: meta.kinds, of: single(c.kind) }
    ];
    setBits(meta);
  }

  // A facet's count ignores its own filter; the FTZ's also ignores the 片区's.
  function setBits(meta) {
    meta.facets.forEach(function (f, i) { f.bit = 1 << i; f.ignores = f.bit | (f.param === 'ftz' ? 1 << AREA : 0); });
  }

  // The unit facet, from search/units.js (loaded only when a reader filters by unit): each case's units.
  function addUnits(meta, units) {
    if (meta.units) return;
    var of = [], none = [];
    units.cases.forEach(function (list, u) {
      var d = -1;
      numbers(list).forEach(function (gap) { d += gap + 1; (of[d] = of[d] || []).push(u); });
    });
    meta.units = units;
    meta.facets.push({ param: 'unit', heading: '单位', labels: units.names, of: function (d) { return of[d] || none; } });
    setBits(meta);
  }

  // The label index each filter asks for: -1 for none, -2 for a value no case has.
  function wanted(meta, filters) {
    return meta.facets.map(function (f) {
      var v = filters[f.param];
      if (!v) return -1;
      if (f.param !== 'area') return f.labels.indexOf(v) >= 0 ? f.labels.indexOf(v) : -2;
      var z = meta.zones.findIndex(function (zone) { return zone[0] === filters.ftz && zone[1] === v; });
      return z >= 0 ? z : -2;
    });
  }

  // Narrows the hits by the filters and counts, per facet, the hits each value would leave.
  function narrow(meta, hits, filters) {
    var want = wanted(meta, filters), facets = meta.facets;
    var counts = facets.map(function (f) { return new Int32Array(f.labels.length); });
    var shown = [];
    hits.forEach(function (h) {
      var fails = 0;
      facets.forEach(function (f, i) { if (want[i] !== -1 && f.of(h.doc).indexOf(want[i]) < 0) fails |= f.bit; });
      if (!fails) shown.push(h);
      facets.forEach(function (f, i) {
        if (fails & ~f.ignores) return;
        var values = f.of(h.doc);
        for (var k = 0; k < values.length; k++) counts[i][values[k]]++;
      });
    });
    return { hits: shown, counts: counts, want: want };
  }

  // ---------------------------------------------------------------- the page

  var input = document.getElementById('q');
  var headerInput = document.getElementById('site-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var layout = document.getElementById('search-layout');
  var facetBox = document.getElementById('search-facets');
  var facetGroups = document.getElementById('search-facet-groups');

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function readFilters() {
    var params = new URLSearchParams(location.search), f = {};
    PARAMS.forEach(function (p) { f[p] = (params.get(p) || '').trim(); });
    if (!f.ftz) f.area = '';
    return f;
  }

  // A link to this page with some parameters changed ('' removes one).
  function hrefWith(filters, changes) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (p) {
      var v = p in changes ? changes[p] : filters[p];
      if (v) params.set(p, v);
    });
    return '?' + params.toString();
  }

  // The ranges [start, end) of the original text where any needle occurs, merged.
  function hitRanges(folded, needles) {
    var ranges = [];
    needles.forEach(function (t) {
      for (var i = folded.text.indexOf(t); i >= 0; i = folded.text.indexOf(t, i + t.length)) {
        ranges.push([folded.from[i], folded.to[i + t.length - 1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // Appends text[start, end) to parent, the hits inside <mark>; line ends shown as spaces.
  function appendMarked(parent, text, ranges, start, end) {
    var at = start;
    function plain(s) { if (s) parent.appendChild(document.createTextNode(s.replace(/\s*\n\s*/g, ' '))); }
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a >= b) return;
      plain(text.slice(at, a));
      parent.appendChild(el('mark', null, text.slice(a, b)));
      at = b;
    });
    plain(text.slice(at, end));
  }

  // A stretch of text around the first hit of the longest needle that occurs, hits marked.
  function snippet(text, folded, needles) {
    var p = el('p', 'card-summary snippet');
    var ranges = hitRanges(folded, needles);
    var first = 0;
    var byLength = needles.slice().sort(function (a, b) { return b.length - a.length; });
    for (var i = 0; i < byLength.length; i++) {
      var at = folded.text.indexOf(byLength[i]);
      if (at >= 0) { first = folded.from[at]; break; }
    }
    // Start at the sentence the hit is in, when it began shortly before.
    var start = Math.max(0, first - 30);
    var cut = Math.max(text.lastIndexOf('。', first - 1), text.lastIndexOf('\n', first - 1), text.lastIndexOf('；', first - 1));
    if (cut >= start - 10 && cut < first) start = cut + 1;
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
    var end = Math.min(text.length, start + SNIPPET);
    var part = text.indexOf('\n\n', first);  // a snippet stays in the part (body, units, scope) its hit is in
    if (part >= 0 && part < end) end = part;
    ranges.forEach(function (r) { if (r[0] < end && r[1] > end) end = r[1]; });  // never cut a hit in two
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
    if (start > 0 && !/[。；\n]/.test(text[start - 1])) p.appendChild(document.createTextNode('…'));
    appendMarked(p, text, ranges, start, end);
    if (end < text.length) p.appendChild(document.createTextNode('…'));
    return p;
  }

  // Where a case is: `广西·南宁片区`, or the FTZ alone when no 片区 is named.
  function zoneLabel(meta, doc) {
    var set = meta.zoneSets[meta.columns.zones[doc]].map(function (z) { return meta.zones[z]; });
    return set.filter(function (z) {
      return z[1] || !set.some(function (other) { return other[0] === z[0] && other[1]; });
    }).map(function (z) { return z[1] ? z[0] + '·' + z[1] : z[0]; }).join('、');
  }

  // A result, or null when the text does not hold every term after all (the n-gram filter can let a case through).
  function card(meta, doc, data, query) {
    var title = foldText(data.title), body = foldText(data.text);
    function holds(t) { return title.text.indexOf(t) >= 0 || body.text.indexOf(t) >= 0; }
    if (!query.names.every(function (names) { return names.some(holds); })) return null;
    // A term found only by another form or name of it: the result says which.
    var by = [];
    query.names.forEach(function (names) {
      if (holds(names[0])) return;
      var f = names.filter(holds)[0];
      by.push('“' + f + '”' + (f === simplified(names[0]) ? '（“' + names[0] + '”的简体）' : '（与“' + names[0] + '”等同）'));
    });
    var needles = query.names.reduce(function (a, f) { return a.concat(f); }, []).concat(query.phrase ? [query.phrase] : []);
    var li = el('li', 'card result');
    li.setAttribute('data-case-id', data.id);
    var a = el('a', 'card-title');
    a.href = ROOT + data.url;
    appendMarked(a, data.title, hitRanges(title, needles), 0, data.title.length);
    li.appendChild(a);
    var line = el('span', 'card-meta');
    var field = meta.fields[meta.columns.field[doc]] || NO_FIELD;
    [data.label, zoneLabel(meta, doc), field].forEach(function (part, i) {
      if (!part) return;
      if (i > 0) line.appendChild(document.createTextNode(' · '));
      line.appendChild(el('span', i === 2 ? 'field' : null, part));
    });
    li.appendChild(line);
    li.appendChild(snippet(data.text, body, needles));
    if (by.length) {
      li.setAttribute('data-equivalent', 'true');
      li.appendChild(el('p', 'equivalent-note', '按' + by.join('、') + '匹配'));
    }
    return li;
  }

  function renderFacets(meta, narrowed, filters, loadUnits) {
    facetGroups.textContent = '';
    var area = meta.facets[AREA];
    meta.facets.forEach(function (f, i) {
      if (!f.heading) return;
      var ul = el('ul', 'facet-list');
      f.labels.forEach(function (label, v) {
        var on = narrowed.want[i] === v;
        if (!narrowed.counts[i][v] && !on) return;
        var change = {};
        change[f.param] = on ? '' : label;
        if (f.param === 'ftz') change.area = '';
        ul.appendChild(facetItem(label, narrowed.counts[i][v], on, hrefWith(filters, change)));
        if (f.param !== 'ftz' || !on) return;
        var sub = el('ul', 'facet-list facet-sub');
        area.labels.forEach(function (name, z) {
          var areaOn = narrowed.want[AREA] === z;
          if (!name || meta.zones[z][0] !== label || !(narrowed.counts[AREA][z] || areaOn)) return;
          sub.appendChild(facetItem(name, narrowed.counts[AREA][z], areaOn, hrefWith(filters, { area: areaOn ? '' : name })));
        });
        if (!sub.firstChild) return;
        ul.lastChild.appendChild(sub);
        ul.lastChild.className = 'with-sub';
      });
      if (!ul.firstChild) return;
      var group = el('section', 'facet');
      group.appendChild(el('h2', null, f.heading));
      group.appendChild(ul);
      facetGroups.appendChild(group);
    });
    if (!meta.units && loadUnits) {
      var group = el('section', 'facet');
      group.appendChild(el('h2', null, '单位'));
      var button = el('button', 'facet-load', '按报送、牵头、复制推广单位筛选');
      button.type = 'button';
      button.onclick = loadUnits;
      group.appendChild(button);
      facetGroups.appendChild(group);
    }
    var any = PARAMS.some(function (p) { return p !== 'q' && filters[p]; });
    if (any) {
      var clear = el('a', 'facet-clear', '清除筛选');
      clear.href = hrefWith({ q: filters.q }, {});
      facetGroups.appendChild(clear);
    }
    facetBox.hidden = !facetGroups.firstChild;
    layout.classList.toggle('with-facets', !facetBox.hidden);
    facetBox.open = any || window.matchMedia('(min-width: 48em)').matches;
  }

  function facetItem(label, count, on, href) {
    var li = el('li');
    var a = el('a', on ? 'on' : null);
    a.href = href;
    if (on) { a.setAttribute('aria-current', 'true'); a.title = '取消此筛选'; }
    a.appendChild(el('span', 'facet-name', label));
    a.appendChild(el('span', 'count', String(count)));
    li.appendChild(a);
    return li;
  }

  function setState(state, message) {
    list.setAttribute('data-state', state);
    status.textContent = message;
  }

  function run() {
    var started = performance.now();
    var filters = readFilters();
    input.value = filters.q;
    if (headerInput) headerInput.value = filters.q;
    var query = parseQuery(filters.q);
    if (!query.terms.length) {
      setState('idle', '输入关键词搜索全部案例的标题与全文；多个词以空格分隔，表示同时包含。');
      return;
    }
    document.title = filters.q + ' · ' + document.title;
    setState('loading', '正在搜索…');
    load('meta').then(function (meta) {
      if (!meta.facets) prepare(meta);
      return Promise.all(tsFilesFor(query, meta).map(load)).then(function () { return meta; });
    }).then(function (meta) {
      query.forms = query.terms.map(function (t) { return formsOf(t, meta); });
      query.groups = query.forms.map(function (forms) { return groupOf(forms, meta); });
      // A term's names: its forms and the other names of its group; a case must hold one of them.
      query.names = query.forms.map(function (forms, i) {
        var g = query.groups[i];
        return g < 0 ? forms : forms.concat(meta.equivalents[g].filter(function (n) { return forms.indexOf(n) < 0; }));
      });
      var files = shardsFor(query, meta).map(load);
      if (filters.unit) files.push(load('units').then(function (u) { addUnits(meta, u); }));
      return Promise.all(files).then(function () { return meta; });
    }).then(function (meta) {
      var loaded = performance.now();
      var all = rank(query, meta);
      var narrowed = narrow(meta, all, filters);
      var hits = narrowed.hits;
      var ranked = performance.now();
      var shown = 0, dropped = 0, quoted = '“' + filters.q + '”';
      function report() {
        var n = hits.length - dropped;
        var msg = n ? quoted + '：' + n + ' 个案例' : '没有找到包含' + quoted + '的案例';
        var also = query.names.reduce(function (a, f) { return a.concat(f.slice(1)); }, []);
        if (also.length) msg += '（亦搜索简体或等同写法：' + also.join('、') + '）';
        if (hits.length !== all.length) msg += '（筛选前 ' + all.length + ' 个）';
        setState('done', msg + '。');
        more.hidden = shown >= hits.length;
      }
      function showMore() {
        var page = hits.slice(shown, shown + PAGE);
        shown += page.length;
        more.hidden = true;
        return Promise.all(page.map(function (h) { return load('d/' + h.doc); })).then(function (docs) {
          docs.forEach(function (data, i) {
            var li = card(meta, page[i].doc, data, query);
            if (li) list.appendChild(li); else dropped++;
          });
          report();
        });
      }
      more.onclick = function () {
        list.setAttribute('data-state', 'loading');
        showMore().catch(failed);
      };
      var firstPage = showMore();  // the texts load while the facets are drawn
      function loadUnits() {
        load('units').then(function (u) {
          addUnits(meta, u);
          renderFacets(meta, narrow(meta, all, filters), filters, null);
        }).catch(failed);
      }
      renderFacets(meta, narrowed, filters, loadUnits);
      return firstPage.then(function () {
        // For scripts/bench_search.py: milliseconds to load the index, to rank and count, and to show the first page.
        var done = performance.now();
        window.casebookSearchStats = { ms: done - started, load: loaded - started, rank: ranked - loaded, page: done - ranked,
                                       results: hits.length - dropped, shards: shardsFor(query, meta).length };
        list.setAttribute('data-ms', (done - started).toFixed(1));
      });
    }).catch(failed);
  }

  function failed(err) {
    setState('error', '搜索索引未能加载（' + (err && err.message) + '）。请确认 search/ 文件夹与本页一同发布。');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
