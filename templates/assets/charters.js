// Keep the reader on the same clause when moving between versions: links marked
// data-keep-anchor get the clause anchor of the current address (#...). Without
// JavaScript the links still work; they open the top of the other version.
(function () {
  // The words this script writes, in the page's language (templates/overrides/main.html);
  // English when a page does not give them.
  var words = {
    copied: "Copied:",
    copyLink: "Copy link",
    cite: "Cite",
    notCopied: "Could not copy; select the text above.",
    chooseDate: "Choose a date first.",
    noVersion: "No version was in force on that date.",
    inForce: "Version %(version)s was in force on that date."
  };
  var given = document.getElementById("charters-words");
  if (given) {
    try { Object.assign(words, JSON.parse(given.textContent)); } catch (error) { /* keep English */ }
  }
  function keepAnchor() {
    var hash = window.location.hash;
    document.querySelectorAll("a[data-keep-anchor]").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", hash ? base + hash : base);
    });
  }
  // "Copy link" and "Cite" in each provision's control (partials/cite.html). The
  // address is made absolute from the permanent link, so it is right on any host.
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  // The buttons are made here, not written into every provision's control: a long
  // document has hundreds of controls, and without JavaScript they could not work.
  function button(label, kind) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "md-button";
    made.dataset.chartersCopy = kind;
    made.textContent = label;
    return made;
  }
  // The citation ends with the address as the site knows it ("/doc/2.0/#quorum" when
  // the site's address is not set): copied, it becomes the link's full address.
  function citationWithAddress(text, href) {
    var cut = text.lastIndexOf(" ");
    return text.charAt(cut + 1) === "/" ? text.slice(0, cut + 1) + href : text;
  }
  function citeControls() {
    document.querySelectorAll("details.charters-cite").forEach(function (box) {
      var link = box.querySelector("a.charters-cite-link");
      if (!link || box.dataset.chartersReady) return;
      box.dataset.chartersReady = "1";
      var cite = box.querySelector(".charters-cite-text");
      var actions = document.createElement("p");
      actions.className = "charters-cite-actions";
      var status = document.createElement("span");
      status.className = "charters-copied";
      status.setAttribute("role", "status");
      actions.append(button(words.copyLink, "link"));
      if (cite) actions.append(" ", button(words.cite, "cite"));
      actions.append(" ", status);
      box.querySelector(".charters-cite-box").append(actions);
      actions.querySelectorAll("button").forEach(function (pressed) {
        pressed.addEventListener("click", function () {
          var text = link.href;
          if (pressed.dataset.chartersCopy === "cite") {
            text = citationWithAddress(cite.textContent, link.href);
          }
          copyText(text).then(
            function () { status.textContent = words.copied + " " + text; },
            function () { status.textContent = words.notCopied; }
          );
        });
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && box.open) {
          box.open = false;
          box.querySelector("summary").focus();
        }
      });
    });
  }
  // The history page's date field: which version was in force on a date. Ranges
  // are ISO dates, "until" exclusive and empty for the current version.
  function inForceFinder() {
    var form = document.querySelector("form.charters-in-force-form");
    if (!form || form.dataset.chartersReady) return;
    form.dataset.chartersReady = "1";
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.querySelector("input[type=date]").value;
      var answer = form.querySelector(".charters-in-force-answer");
      answer.textContent = "";
      if (!day) { answer.textContent = words.chooseDate; return; }
      var found = null;
      document.querySelectorAll(".charters-in-force-list li").forEach(function (item) {
        var from = item.dataset.from, until = item.dataset.until;
        if (day >= from && (!until || day < until)) found = item;
      });
      if (!found) { answer.textContent = words.noVersion; return; }
      // The sentence's version number is the link: "<a>Version 1.1</a> was in force...".
      var parts = words.inForce.split("%(version)s");
      var link = document.createElement("a");
      link.href = found.dataset.url;
      link.textContent = found.dataset.version;
      answer.append(parts[0], link, parts.slice(1).join(""));
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
    citeControls();
    inForceFinder();
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
