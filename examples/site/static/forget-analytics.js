// Sent instead of analytics.js to a visitor who has not consented to statistics: removes what
// the analytics script kept in localStorage, which no server can reach (the server deletes the
// analytics cookies itself, HttpOnly or not). Writes nothing.
//   data-pages-key   the localStorage item to remove (`_pk_pages`)
(function () {
  "use strict";
  var script = document.currentScript;
  var key = script && script.dataset.pagesKey;
  if (key && localStorage.getItem(key) !== null) {
    localStorage.removeItem(key);
  }
})();
