// Keep the reader on the same clause when moving between versions: links marked
// data-keep-anchor get the clause anchor of the current address (#...). Without
// JavaScript the links still work; they open the top of the other version.
(function () {
  function keepAnchor() {
    var hash = window.location.hash;
    document.querySelectorAll("a[data-keep-anchor]").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", hash ? base + hash : base);
    });
  }
  function unfoldOnWideScreens() {
    // Version details are folded on phones so the text comes first; open elsewhere.
    if (window.matchMedia("(min-width: 45em)").matches) {
      document.querySelectorAll("details.charters-meta").forEach(function (box) {
        box.open = true;
      });
    }
  }
  // On paper the version's details are always shown, folded or not on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.charters-meta").forEach(function (box) {
      box.open = true;
    });
  });
  function start() {
    keepAnchor();
    unfoldOnWideScreens();
    window.addEventListener("hashchange", keepAnchor);
    // Close the version list with Escape and give focus back to its summary.
    document.querySelectorAll("details.charters-selector").forEach(function (box) {
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && box.open) {
          box.open = false;
          box.querySelector("summary").focus();
        }
      });
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
