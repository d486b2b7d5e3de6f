// Keeps the menu's unread-notifications badge current while a page is open: the server
// pushes the new count over /ws/events/ (core.consumers.EventsConsumer) after each change.
// Reconnects with a growing pause; stops for good when the session has ended (4401).
(function () {
  "use strict";
  if (!("WebSocket" in window)) return;
  var badge = document.querySelector("[data-testid=unread-badge]");
  if (!badge) return;
  var link = badge.closest("a");
  var label = (link && link.getAttribute("data-unread-label")) || "unread";
  var pause = 1000;

  function show(count) {
    badge.textContent = String(count);
    badge.hidden = count < 1;
    badge.setAttribute("aria-label", count + " " + label);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/events/");
    socket.onopen = function () { pause = 1000; };
    socket.onmessage = function (message) {
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.type === "event" && data.event === "notifications.unread") {
        show(Number(data.unread_count) || 0);
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) return;
      pause = Math.min(pause * 2, 60000);
      window.setTimeout(connect, pause);
    };
  }
  connect();
})();
