// Small enhancements; every page works without them.
document.addEventListener('click', function (e) {
  var b = e.target.closest('[data-copy]');
  if (!b) return;
  var el = document.getElementById(b.getAttribute('data-copy'));
  if (!el) return;
  var text = el.textContent;
  var label = b.getAttribute('data-label') || b.textContent;
  b.setAttribute('data-label', label);
  var done = function () { b.textContent = '已复制'; setTimeout(function () { b.textContent = label; }, 1600); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(); });
  } else { fallback(); }
  function fallback() {
    var r = document.createRange(); r.selectNodeContents(el);
    var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
    try { document.execCommand('copy'); done(); } catch (err) { /* the text stays selected for the reader to copy */ }
  }
});

// Source pages: `#L211-L248` (or `#L211`) highlights those lines and brings the first into view. Without this script
// the link still lands: a case's range has the id `L211-L248`, every line the id `L211`.
(function () {
  function highlight() {
    var m = /^#L(\d+)(?:-L(\d+))?$/.exec(location.hash);
    var old = document.querySelectorAll('li.hl');
    for (var i = 0; i < old.length; i++) old[i].classList.remove('hl');
    if (!m) return;
    var a = +m[1], b = m[2] ? +m[2] : a, first = null;
    if (b < a) { var t = a; a = b; b = t; }
    if (b - a > 20000) return;
    for (var n = a; n <= b; n++) {
      var li = document.getElementById('L' + n);
      if (!li) continue;
      li.classList.add('hl');
      if (!first) first = li;
    }
    if (first) first.scrollIntoView({ block: 'start' });
  }
  if (!document.querySelector('.src')) return;
  window.addEventListener('hashchange', highlight);
  highlight();
})();

// Compare: every case card (listings, unit pages, search results) gets a 「对比」 toggle; the choice (up to three) is
// kept in this browser and a bar links to compare.html?ids=…, the address a reader can send on.
(function () {
  var MAX = 3, KEY = 'casebook-compare';
  var script = document.currentScript || document.querySelector('script[src$="assets/site.js"]');
  var root = script ? script.getAttribute('src').replace(/assets\/site\.js$/, '') : '';
  function read() {
    try { return (JSON.parse(localStorage.getItem(KEY)) || []).filter(function (s) { return /^[a-z0-9-]+$/.test(s); }).slice(0, MAX); }
    catch (e) { return []; }
  }
  var chosen = read();
  function save() { try { localStorage.setItem(KEY, JSON.stringify(chosen)); } catch (e) { /* kept for this page only */ } }
  var bar = null;
  function drawBar() {
    if (!bar) {
      bar = document.createElement('div');
      bar.className = 'compare-bar';
      bar.setAttribute('role', 'region');
      bar.setAttribute('aria-label', '对比');
      document.body.appendChild(bar);
    }
    bar.textContent = '';
    bar.hidden = !chosen.length;
    if (!chosen.length) return;
    var a = document.createElement('a');
    a.href = root + 'compare.html?ids=' + chosen.join(',');
    a.id = 'compare-link';
    a.textContent = '对比所选 ' + chosen.length + ' 个案例 →';
    bar.appendChild(a);
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.textContent = '清空';
    clear.onclick = function () { chosen = []; save(); update(); };
    bar.appendChild(clear);
  }
  function update() {
    var buttons = document.querySelectorAll('button.compare-toggle');
    for (var i = 0; i < buttons.length; i++) {
      var on = chosen.indexOf(buttons[i].getAttribute('data-id')) >= 0;
      buttons[i].setAttribute('aria-pressed', on ? 'true' : 'false');
      buttons[i].textContent = on ? '已选对比' : '对比';
      buttons[i].disabled = !on && chosen.length >= MAX;
    }
    drawBar();
  }
  // Adds the toggles new cards lack (search results arrive later); redraws only when there were any, so that its own
  // changes do not wake the observer again.
  function decorate(force) {
    var cards = document.querySelectorAll('li.card[data-case-id]:not([data-compare])'), added = 0;
    for (var i = 0; i < cards.length; i++) {
      cards[i].setAttribute('data-compare', '');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'compare-toggle';
      b.setAttribute('data-id', cards[i].getAttribute('data-case-id'));
      cards[i].appendChild(b);
      added++;
    }
    if (added || force) update();
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button.compare-toggle');
    if (!b) return;
    var id = b.getAttribute('data-id'), at = chosen.indexOf(id);
    if (at >= 0) chosen.splice(at, 1); else if (chosen.length < MAX) chosen.push(id);
    save();
    update();
  });
  function start() {
    decorate(true);
    new MutationObserver(function () { decorate(false); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
