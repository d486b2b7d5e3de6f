// A conversation's page, live: messages arrive over the page's one socket (live.js), in
// order by their seq; a gap or a reconnection asks the server for exactly what was missed
// ("resume" after the last seq shown). Sending goes over the socket with a client_id made
// here, so a retry after a lost connection never sends twice; a message typed while offline
// waits in an outbox and leaves when the connection is back. Nothing typed is ever lost: a
// refused message comes back into the box with the reason.
(function () {
  "use strict";
  var chat = document.getElementById("chat");
  var live = window.Dragoman && window.Dragoman.live;
  if (!chat || !live) return;
  var conversation = Number(chat.getAttribute("data-conversation"));
  var lastSeq = Number(chat.getAttribute("data-last-seq")) || 0;
  var resuming = false;
  var held = [];           // live messages that arrived while a resume was under way
  var outbox = [];         // {client_id, body} not yet acknowledged by the server
  var form = document.getElementById("composer");
  var box = form && form.querySelector("textarea[name=body]");
  var errorLine = form && form.querySelector("[data-testid=composer-error]");
  var label = function (name) { return chat.getAttribute("data-label-" + name) || name; };
  var LINK = /\b((?:https?:\/\/|www\.)[^\s<>"']+?)(?=[.,;:!?)\]]*(?:\s|$))/gi;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return "c-" + window.crypto.randomUUID();
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function formatTimes(root) {
    (root || document).querySelectorAll("time[datetime]").forEach(function (node) {
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when)) return;
      var full = node.getAttribute("data-format") === "datetime";
      node.textContent = full ? when.toLocaleString() :
        when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      node.title = when.toLocaleString();
    });
  }

  // Text as typed: escaped by the DOM (textContent), web links made clickable.
  function textInto(parent, text) {
    var lines = String(text).split("\n");
    lines.forEach(function (line, index) {
      if (index) parent.appendChild(document.createElement("br"));
      var last = 0;
      line.replace(LINK, function (url, _group, offset) {
        parent.appendChild(document.createTextNode(line.slice(last, offset)));
        var a = document.createElement("a");
        a.href = /^https?:/i.test(url) ? url : "https://" + url;
        a.rel = "noopener nofollow";
        a.target = "_blank";
        a.textContent = url;
        parent.appendChild(a);
        last = offset + url.length;
        return url;
      });
      parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(m) {
    var node;
    if (m.kind === "system") {
      node = el("p", "msg msg-system", m.text + " ");
    } else {
      node = el("article", "msg msg-" + m.side + (m.mine ? " mine" : ""));
      var header = el("header");
      header.appendChild(el("strong", "msg-sender", m.sender));
      header.appendChild(document.createTextNode(" "));
      var time = el("time", "muted");
      time.setAttribute("datetime", m.created_at);
      header.appendChild(time);
      node.appendChild(header);
      if (m.kind === "proposal" && m.proposal) {
        var card = el("div", "proposal-card");
        card.setAttribute("data-testid", "proposal-card");
        card.appendChild(el("p", "muted", m.text));
        card.appendChild(el("p", "", m.proposal.price + " " + m.proposal.currency + " · " + m.proposal.status_label));
        var scope = el("p");
        textInto(scope, m.proposal.scope);
        card.appendChild(scope);
        node.appendChild(card);
      }
      if (m.body) {
        var body = el("div", "msg-body");
        textInto(body, m.body);
        node.appendChild(body);
      }
      if (m.contacts_hidden) {
        var note = el("small", "muted msg-note", label("hidden"));
        note.setAttribute("data-testid", "contacts-hidden");
        node.appendChild(note);
      }
      if (m.attachment) {
        var a = m.attachment;
        var wrap = el("div", "msg-attachment");
        if (a.is_image && a.thumbnail_url) {
          var link = el("a");
          link.href = a.url; link.target = "_blank"; link.rel = "noopener";
          var img = el("img");
          img.src = a.thumbnail_url; img.alt = a.name; img.loading = "lazy";
          link.appendChild(img);
          wrap.appendChild(link);
        } else if (a.is_video) {
          var video = el("video");
          video.controls = true; video.preload = "metadata"; video.src = a.url;
          wrap.appendChild(video);
        }
        var file = el("a", "", a.name);
        file.href = a.url; file.target = "_blank"; file.rel = "noopener";
        file.setAttribute("data-testid", "attachment");
        wrap.appendChild(file);
        node.appendChild(wrap);
      }
    }
    node.setAttribute("data-seq", m.seq);
    node.setAttribute("data-testid", "message");
    node.id = "m" + m.seq;
    return node;
  }

  function atBottom() {
    return window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
  }

  function append(m) {
    if (m.seq <= lastSeq) return;  // already shown: a resume and a live event may overlap
    var empty = chat.querySelector("[data-testid=chat-empty]");
    if (empty) empty.remove();
    if (m.client_id) {
      var pending = chat.querySelector('[data-client-id="' + CSS.escape(m.client_id) + '"]');
      if (pending) pending.remove();
      outbox = outbox.filter(function (item) { return item.client_id !== m.client_id; });
    }
    var stick = atBottom();
    var node = render(m);
    // Pending messages of ours stay last, after everything the server confirmed.
    var firstPending = chat.querySelector(".msg.pending");
    chat.insertBefore(node, firstPending);
    formatTimes(node);
    lastSeq = m.seq;
    chat.setAttribute("data-last-seq", String(lastSeq));
    if (stick || m.mine) node.scrollIntoView({ block: "end" });
    if (m.kind === "proposal" || m.system === "admin_joined" || m.system === "blocked" || m.system === "declined") {
      refreshSide();
    }
  }

  function refreshSide() {
    // A proposal's step or a change of who may write: take the side panel from the server.
    fetch(window.location.pathname, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      ["proposal-panel"].forEach(function (id) {
        var fresh = doc.getElementById(id), old = document.getElementById(id);
        if (fresh && old) old.innerHTML = fresh.innerHTML;
      });
    });
  }

  // Tell the server what was read: at once, then at most every 300 ms while messages pour
  // in. Its answer is noted on the chat (data-read-seq), for tests and for the badge.
  var readTimer = null;
  var readSent = 0;
  function markRead() {
    if (document.hidden || readTimer) return;
    var wait = Math.max(0, readSent + 300 - Date.now());
    readTimer = window.setTimeout(function () {
      readTimer = null;
      readSent = Date.now();
      live.send({ type: "read", conversation: conversation, seq: lastSeq });
    }, wait);
  }

  function resume() {
    resuming = true;
    live.send({ type: "resume", conversation: conversation, after: lastSeq });
  }

  function flushOutbox() {
    outbox.forEach(function (item) {
      live.send({ type: "send", conversation: conversation, body: item.body, client_id: item.client_id });
      markPending(item.client_id, label("sending"));
    });
  }

  function markPending(clientId, text) {
    var node = chat.querySelector('[data-client-id="' + CSS.escape(clientId) + '"] .msg-state');
    if (node) node.textContent = text;
  }

  live.on(function (data) {
    if (data.type === "event" && data.event === "message" && data.conversation === conversation) {
      if (resuming) { held.push(data); return; }
      if (data.seq > lastSeq + 1) { held.push(data); resume(); return; }  // a gap: ask for it
      append(data);
      markRead();
    } else if (data.type === "messages" && data.conversation === conversation) {
      data.messages.forEach(append);
      if (data.more) { live.send({ type: "resume", conversation: conversation, after: lastSeq }); return; }
      resuming = false;
      var waiting = held.sort(function (a, b) { return a.seq - b.seq; });
      held = [];
      waiting.forEach(function (m) { if (m.seq === lastSeq + 1) append(m); else if (m.seq > lastSeq) held.push(m); });
      if (held.length) resume();
      markRead();
    } else if (data.type === "sent" && data.message && data.message.conversation === conversation) {
      if (data.message.seq === lastSeq + 1) append(data.message);
      else if (data.message.seq > lastSeq) resume();
      else {
        var done = chat.querySelector('[data-client-id="' + CSS.escape(data.message.client_id) + '"]');
        if (done) done.remove();
        outbox = outbox.filter(function (item) { return item.client_id !== data.message.client_id; });
      }
    } else if (data.type === "read" && data.conversation === conversation) {
      chat.setAttribute("data-read-seq", String(lastSeq - data.unread));
    } else if (data.type === "error" && data.client_id) {
      var failed = outbox.filter(function (item) { return item.client_id === data.client_id; })[0];
      outbox = outbox.filter(function (item) { return item.client_id !== data.client_id; });
      var node = chat.querySelector('[data-client-id="' + CSS.escape(data.client_id) + '"]');
      if (node) node.remove();
      if (errorLine) errorLine.textContent = data.message;
      // Nothing typed is lost: the refused text goes back into the box.
      if (failed && box && !box.value) box.value = failed.body;
    }
  });

  live.onOpen(function () {
    resume();
    flushOutbox();
  });

  document.addEventListener("visibilitychange", function () { if (!document.hidden) markRead(); });

  function showPending(item) {
    var node = el("article", "msg mine pending");
    node.setAttribute("data-client-id", item.client_id);
    node.setAttribute("data-testid", "pending-message");
    var body = el("div", "msg-body");
    textInto(body, item.body);
    node.appendChild(body);
    node.appendChild(el("small", "muted msg-state", live.state === "open" ? label("sending") : label("waiting")));
    chat.appendChild(node);
    node.scrollIntoView({ block: "end" });
  }

  function upload(fileInput, caption, clientId) {
    var progress = form.querySelector("[data-testid=upload-progress]");
    var data = new FormData();
    data.append("file", fileInput.files[0]);
    data.append("body", caption);
    data.append("client_id", clientId);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/conversations/" + conversation + "/attachments");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    xhr.setRequestHeader("X-CSRFToken", token);
    progress.hidden = false;
    progress.value = 0;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) progress.value = Math.round(e.loaded * 100 / e.total); };
    xhr.onload = function () {
      progress.hidden = true;
      if (xhr.status >= 200 && xhr.status < 300) {
        fileInput.value = "";
        var m = JSON.parse(xhr.responseText);
        if (m.seq === lastSeq + 1) append(m); else if (m.seq > lastSeq) resume();
      } else {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        errorLine.textContent = answer.message || xhr.statusText;
        if (caption && !box.value) box.value = caption;
      }
    };
    xhr.onerror = function () { progress.hidden = true; errorLine.textContent = label("failed"); if (caption && !box.value) box.value = caption; };
    xhr.send(data);
  }

  if (form && box) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      errorLine.textContent = "";
      var fileInput = form.querySelector("input[type=file]");
      var text = box.value;
      var clientId = newId();
      if (fileInput && fileInput.files.length) {
        box.value = "";
        upload(fileInput, text, clientId);
        return;
      }
      if (!text.trim()) { box.focus(); return; }
      var item = { client_id: clientId, body: text };
      outbox.push(item);
      box.value = "";
      showPending(item);
      live.send({ type: "send", conversation: conversation, body: text, client_id: clientId });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (!window.confirm(f.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  formatTimes(document);
  var lastNode = chat.lastElementChild;
  if (lastNode) lastNode.scrollIntoView({ block: "end" });
})();
