// The conversation list, live: a new message raises its row's unread count and moves the row
// to the top; a message in a conversation not on this page offers to show it.
(function () {
  "use strict";
  var live = window.Dragoman && window.Dragoman.live;
  var table = document.querySelector("[data-testid=conversation-list] tbody");
  var notice = document.querySelector("[data-testid=list-news]");
  if (!live || !table) return;
  live.on(function (data) {
    if (data.type !== "event" || data.event !== "message" || data.mine) return;
    var row = table.querySelector('[data-conversation="' + data.conversation + '"]');
    if (!row) {
      if (notice) notice.hidden = false;
      return;
    }
    var cell = row.querySelector("[data-testid=row-unread-cell]");
    var badge = cell.querySelector("[data-testid=row-unread]");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge badge-pending";
      badge.setAttribute("data-testid", "row-unread");
      badge.textContent = "0";
      cell.appendChild(badge);
    }
    badge.textContent = String((Number(badge.textContent) || 0) + 1);
    row.classList.add("unread");
    var time = row.querySelector("time");
    if (time) {
      time.setAttribute("datetime", data.created_at);
      time.textContent = new Date(data.created_at).toLocaleString();
    }
    table.insertBefore(row, table.firstElementChild);
  });
})();
