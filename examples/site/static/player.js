// The example video host's player script. It runs in the player's frame, on the video host's
// origin, and keeps the device id a video host keeps: the site declares it as a third party's
// localStorage item (marketing), and only frames this player after consent to marketing.
(function () {
  "use strict";
  var key = 'yt-remote-device-id';
  var year = 365 * 24 * 3600 * 1000;
  var now = Date.now();
  var kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(key) || "null");
  } catch (error) {
    kept = null;
  }
  if (!kept || typeof kept.expires !== "number" || kept.expires < now) {
    var id = "";
    for (var i = 0; i < 4; i++) {
      id += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
    }
    localStorage.setItem(key, JSON.stringify({ id: id, expires: now + year }));
  }
  var play = document.getElementById("play");
  if (play) {
    play.addEventListener("click", function () {
      var playing = play.getAttribute("aria-pressed") !== "true";
      play.setAttribute("aria-pressed", playing ? "true" : "false");
      play.textContent = playing ? "Pause" : "Play";
    });
  }
})();
