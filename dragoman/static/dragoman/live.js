// The page's one socket to /ws/events/ (core.consumers.EventsConsumer), shared by every part
// of the page: the menu's badges (notifications, unread messages), the connection state and
// the chat (chat.js). It reconnects by itself with a growing, jittered pause and stops for
// good when the session has ended (close code 4401).
//
//   Dragoman.live.on(function (data) {...})   every message from the server
//   Dragoman.live.onOpen(function () {...})    after each (re)connection: ask for what was missed
//   Dragoman.live.send(object) -> bool         false while disconnected
//   Dragoman.live.state                        "connecting", "open" or "closed"
(function () {
  "use strict";
  var Dragoman = (window.Dragoman = window.Dragoman || {});
  var listeners = [];
  var openers = [];
  var socket = null;
  var pause = 1000;
  var timer = null;
  var live = {
    state: "connecting",
    on: function (fn) { listeners.push(fn); },
    onOpen: function (fn) {
      openers.push(fn);
      if (live.state === "open") fn();
    },
    send: function (object) {
      if (!socket || socket.readyState !== 1) return false;
      socket.send(JSON.stringify(object));
      return true;
    },
    // Tests and the chat use it to drop the connection (it comes back by itself).
    drop: function () { if (socket) socket.close(); },
  };
  Dragoman.live = live;
  if (!("WebSocket" in window)) return;

  var notificationsBadge = document.querySelector("[data-testid=unread-badge]");
  var messagesBadge = document.querySelector("[data-testid=messages-badge]");
  var indicator = document.querySelector("[data-testid=connection]");

  function show(badge, count, labelFrom) {
    if (!badge) return;
    badge.textContent = String(count);
    badge.hidden = count < 1;
    var link = badge.closest("a");
    var label = (link && link.getAttribute("data-unread-label")) || "unread";
    badge.setAttribute("aria-label", count + " " + label);
  }

  function setState(state) {
    live.state = state;
    if (indicator) {
      // A dot beside "Messages": green when live; its words are for screen readers and
      // the tooltip.
      var words = indicator.getAttribute("data-label-" + state) || state;
      indicator.setAttribute("data-state", state);
      indicator.setAttribute("title", words);
      indicator.setAttribute("aria-label", words);
    }
    document.dispatchEvent(new CustomEvent("dragoman:connection", { detail: state }));
  }

  function connect() {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (socket) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    setState(live.state === "closed" ? "closed" : "connecting");
    socket = new WebSocket(scheme + window.location.host + "/ws/events/");
    socket.onopen = function () {
      pause = 1000;
      setState("open");
      openers.forEach(function (fn) { try { fn(); } catch (e) { console.error(e); } });
    };
    socket.onmessage = function (message) {
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.type === "event" && data.event === "notifications.unread") {
        show(notificationsBadge, Number(data.unread_count) || 0);
      }
      if (data.type === "event" && data.event === "conversations.unread") {
        show(messagesBadge, Number(data.total) || 0);
      }
      // A new message from somebody else counts at once, unless its conversation is open
      // in this page (which reads it, and then hears the total).
      if (data.type === "event" && data.event === "message" && !data.mine) {
        var chat = document.getElementById("chat");
        var here = chat && !document.hidden &&
          Number(chat.getAttribute("data-conversation")) === data.conversation;
        if (!here && messagesBadge) show(messagesBadge, (Number(messagesBadge.textContent) || 0) + 1);
      }
      listeners.forEach(function (fn) { try { fn(data); } catch (e) { console.error(e); } });
    };
    socket.onclose = function (event) {
      socket = null;
      setState("closed");
      if (event.code === 4401) return;
      // Back off up to half a minute, with jitter so that a restarted server is not hit by
      // every page at the same instant.
      var wait = pause / 2 + Math.random() * pause / 2;
      pause = Math.min(pause * 2, 30000);
      timer = window.setTimeout(connect, wait);
    };
  }
  window.addEventListener("online", function () {
    if (!socket) { pause = 1000; connect(); }
  });
  connect();
})();
