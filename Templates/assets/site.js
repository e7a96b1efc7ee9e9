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
