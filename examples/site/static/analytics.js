// The site's audience measurement, hosted by the site itself. The server sends this script only
// to a visitor who consented to statistics (a visitor without JavaScript is measured by the
// server-set cookies alone, with the same consent). What it writes, and with which attributes,
// comes from the declarations, through the attributes of its <script> element:
//   data-referrer-cookie   the cookie that remembers where the visitor came from (`_pk_ref`)
//   data-cookie-attributes that cookie's attributes as declared (`; Path=/; Max-Age=...`)
//   data-pages-key         the localStorage item that counts pages (`_pk_pages`)
//   data-pages-lifetime    how long that count is kept, in seconds
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var data = script.dataset;
  var now = Date.now();

  var referrer = data.referrerCookie;
  var held = document.cookie.split("; ").some(function (pair) {
    return pair.split("=")[0] === referrer;
  });
  if (referrer && !held) {
    var from = "direct";
    try {
      from = new URL(document.referrer).origin;
    } catch (error) {
      from = "direct";
    }
    document.cookie = referrer + "=" + encodeURIComponent(from) + data.cookieAttributes;
  }

  var key = data.pagesKey;
  var lifetime = Number(data.pagesLifetime) * 1000;
  if (key && lifetime > 0) {
    var count = null;
    try {
      count = JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      count = null;
    }
    if (!count || typeof count.since !== "number" || now - count.since > lifetime) {
      count = { pages: 0, since: now };
    }
    count.pages += 1;
    localStorage.setItem(key, JSON.stringify(count));
  }
})();
