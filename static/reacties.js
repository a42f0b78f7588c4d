// Reacties: small enhancements on top of pages that work without JavaScript.
// - "Reageren" opens the reply form beneath the reaction instead of reloading;
//   Escape closes it again;
// - a character counter under every reaction field, announced only at a few
//   thresholds, and a form over the limit is not sent;
// - "Voorbeeld" shows the rendered text beside the form instead of reloading;
// - Ctrl+Enter (Cmd+Enter) posts the form;
// - a refused form's error summary takes the focus, as it does without script;
// - JA/NEE on a reason and "Waardeer" are sent in place: the part of the page
//   they change is taken from the page the server answers with;
// - "Verwijderen" asks in a dialog (the confirmation page's own question and
//   form) instead of on a page of its own; Escape or "Nee" closes it;
// - live updates: new reactions are announced ("1 nieuwe reactie — toon") and
//   shown on request, edits, removals, tallies and appreciation change in place,
//   and the author's waiting count follows on the moderation pages.
(function () {
  "use strict";
  var MAX = 5000;
  var THRESHOLDS = [500, 100];

  // The texts this page's language uses (the page carries them, see base.html).
  var T = {};
  try { T = JSON.parse(document.currentScript.dataset.teksten); } catch (e) { T = {}; }
  var EN = document.documentElement.lang === "en";
  // A live event's field in this page's language (events carry both).
  function pick(data, key) { return EN && data[key + "_en"] !== undefined ? data[key + "_en"] : data[key]; }

  function count(text) {
    // Count characters the way the server does (code points, after trimming).
    return Array.from(text.replace(/\r\n/g, "\n").trim()).length;
  }

  function number(n) {
    // The server writes 5.000: a point between thousands.
    return n.toLocaleString(T.locale || "nl-NL");
  }

  function counterText(n) {
    var left = MAX - n;
    if (left < 0) return number(-left) + (left === -1 ? T.over_one : T.over_many);
    return T.left_prefix + number(left) + (left === 1 ? T.left_one : T.left_many);
  }

  function addCounter(textarea) {
    if (textarea.dataset.teller) return;
    textarea.dataset.teller = "1";
    var counter = document.createElement("p");
    counter.className = "hulp teller-tekst";
    counter.id = textarea.id + "-teller";
    // Screen readers hear the count only when it crosses a threshold.
    var live = document.createElement("p");
    live.className = "verborgen";
    live.setAttribute("aria-live", "polite");
    var last = null;
    var update = function () {
      var n = count(textarea.value);
      counter.textContent = counterText(n);
      counter.classList.toggle("te-lang", n > MAX);
      var left = MAX - n;
      var band = left < 0 ? "over" : THRESHOLDS.filter(function (t) { return left <= t; }).pop();
      if (band !== undefined && band !== last && last !== null) {
        live.textContent = counterText(n);
      }
      last = band === undefined ? "ruim" : band;
    };
    textarea.addEventListener("input", update);
    textarea.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", live);
    update();
  }

  function showError(form, message) {
    var box = form.querySelector(".foutmelding");
    if (!box) {
      box = document.createElement("div");
      box.className = "fout foutmelding";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      box.id = form.id + "-fout";
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = message;
    box.focus();
  }

  function enhanceForm(form) {
    var textarea = form.querySelector("textarea[name=body]");
    if (!textarea) return;
    addCounter(textarea);
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
    form.addEventListener("submit", function (event) {
      var n = count(textarea.value);
      if (n > MAX) {
        event.preventDefault();
        showError(form, T.too_long_1 + number(n) + T.too_long_2 + number(MAX) + T.too_long_3);
      }
    });
    var previewButton = form.querySelector("button.voorbeeld-knop");
    if (previewButton && window.fetch) {
      previewButton.addEventListener("click", function (event) {
        event.preventDefault();
        var data = new URLSearchParams();
        data.set("body", textarea.value);
        fetch("/voorbeeld", { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) {
            if (r.ok) return r.text().then(function (html) { showPreview(form, html, false); });
            // A refusal (too long, too many previews, busy) is a Dutch sentence.
            var type = r.headers.get("content-type") || "";
            if (type.indexOf("text/plain") === 0) {
              return r.text().then(function (text) { showPreview(form, text, true); });
            }
            if (r.status === 413) {
              showPreview(form, T.preview_too_long_1 + number(MAX) + T.preview_too_long_2, true);
              return;
            }
            return Promise.reject(r.status);
          })
          .catch(function () { form.submit(); });
      });
    }
  }

  function showPreview(form, content, refused) {
    var box = form.querySelector("section.voorbeeld");
    if (!box) {
      box = document.createElement("section");
      box.className = "voorbeeld";
      box.setAttribute("aria-label", T.preview_label);
      box.setAttribute("tabindex", "-1");
      var label = document.createElement("p");
      label.className = "meta";
      var body = document.createElement("div");
      body.className = "tekst";
      box.appendChild(label);
      box.appendChild(body);
      form.querySelector("p.knoppen").insertAdjacentElement("beforebegin", box);
    }
    var meta = box.querySelector("p.meta");
    var text = box.querySelector("div.tekst");
    if (refused) {
      meta.textContent = T.no_preview;
      text.textContent = "";
      var reason = document.createElement("p");
      reason.className = "fout";
      reason.setAttribute("role", "alert");
      reason.textContent = content;
      text.appendChild(reason);
    } else {
      meta.textContent = T.preview_intro;
      // The server rendered and sanitised this HTML (the same path as posted reactions).
      text.innerHTML = content;
    }
    box.focus();
  }

  // Focusing the box alone scrolls just far enough for the box; the reader
  // should see the whole form, its buttons included.
  function showWhole(form, field) {
    field.focus({ preventScroll: true });
    form.scrollIntoView({ block: "nearest" });
  }

  function closeReply(form, link) {
    form.remove();
    link.focus();
  }

  function openReply(link) {
    var match = /[?&]reageer=(\d+)/.exec(link.getAttribute("href"));
    var main = document.getElementById("reageer");
    if (!match || !main || main.tagName !== "FORM") return false;
    var id = match[1];
    var item = document.getElementById("reactie-" + id);
    if (!item) return false;
    var existing = document.getElementById("reageer-" + id);
    if (existing) {
      showWhole(existing, existing.querySelector("textarea"));
      return true;
    }
    var form = main.cloneNode(true);
    form.id = "reageer-" + id;
    form.removeAttribute("tabindex");
    form.removeAttribute("aria-describedby");
    form.action = form.getAttribute("action").replace(/#.*$/, "") + "#reageer-" + id;
    form.querySelectorAll("[id]").forEach(function (el) {
      el.id = el.id.replace(/^reageer-/, "reageer-" + id + "-");
    });
    form.querySelectorAll("label[for]").forEach(function (el) {
      el.htmlFor = el.htmlFor.replace(/^reageer-/, "reageer-" + id + "-");
    });
    form.querySelectorAll("[aria-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").replace(/reageer-/g, "reageer-" + id + "-"));
    });
    // A reply is about what it answers: the main form's choice of reason stays there.
    form.querySelectorAll(".teller-tekst, .fout, .foutmelding, section.voorbeeld, .melding, [aria-live], .reden-keuze").forEach(function (el) { el.remove(); });
    var textarea = form.querySelector("textarea");
    textarea.value = "";
    textarea.removeAttribute("aria-invalid");
    delete textarea.dataset.teller;
    var label = form.querySelector("label[for$='-tekst']");
    if (label) label.textContent = T.your_answer;
    var parent = document.createElement("input");
    parent.type = "hidden";
    parent.name = "parent_id";
    parent.value = id;
    form.insertBefore(parent, form.firstChild);
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-knop";
    cancel.textContent = T.cancel;
    cancel.addEventListener("click", function () { closeReply(form, link); });
    form.querySelector("p.knoppen").appendChild(cancel);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeReply(form, link);
      }
    });
    item.querySelector("article").insertAdjacentElement("afterend", form);
    enhanceForm(form);
    showWhole(form, textarea);
    return true;
  }

  // Sends a JA/NEE or "Waardeer" form and swaps in the parts it changed, taken
  // from the page the server redirects to; anything odd falls back to a reload.
  function sendInPlace(form, submitter, selectors) {
    var data = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    var focusValue = submitter ? submitter.value : null;
    form.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok || r.redirected === false) return Promise.reject(r.status);
        return r.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var focus = null;
        selectors.forEach(function (selector) {
          var old = document.querySelector(selector);
          var now = fresh.querySelector(selector);
          if (old && now) {
            old.replaceWith(now);
            focus = focus || now;
          } else if (old) {
            old.remove();
          } else if (now && selector === "#samenvatting") {
            var article = document.querySelector("article.artikel");
            if (article) article.insertAdjacentElement("afterend", now);
          }
        });
        var button = focus && (focus.querySelector("button[value='" + focusValue + "']") || focus.querySelector("button"));
        if (button) button.focus();
      })
      .catch(function () {
        // Sent again the plain way, with the button that was pressed.
        form.dataset.gewoon = "1";
        if (submitter && form.requestSubmit) form.requestSubmit(submitter); else form.submit();
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !window.DOMParser || !form.matches || form.dataset.gewoon) return;
    if (form.matches("form.stem-form")) {
      event.preventDefault();
      var stem = form.closest(".stem");
      sendInPlace(form, event.submitter, ["#" + stem.id, "#samenvatting"]);
    } else if (form.matches("form.waardeer")) {
      event.preventDefault();
      var item = form.closest("li[id^='reactie-']");
      sendInPlace(form, event.submitter, ["#" + item.id + " > article .acties"]);
    }
  });

  // The confirmation page's question in a dialog: the same words and the same
  // form (with its return address), so both paths delete and return alike.
  function confirmInDialog(link) {
    if (!window.fetch || !window.DOMParser || typeof HTMLDialogElement !== "function") return false;
    fetch(link.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var source = page.querySelector("main .bevestiging");
        if (!source) return Promise.reject("geen vraag");
        showDialog(link, document.importNode(source, true));
      })
      .catch(function () { window.location.href = link.href; });
    return true;
  }

  function showDialog(link, content) {
    var dialog = document.createElement("dialog");
    dialog.className = "bevestiging-dialoog";
    dialog.setAttribute("aria-labelledby", "bevestiging-kop");
    var heading = content.querySelector("h1");
    var h2 = document.createElement("h2");
    h2.id = "bevestiging-kop";
    h2.textContent = heading ? heading.textContent : T.are_you_sure;
    if (heading) heading.replaceWith(h2); else content.insertBefore(h2, content.firstChild);
    // "Nee, terug" leads back to where the reader already is: here it closes.
    var back = content.querySelector(".knoppen a");
    var no = document.createElement("button");
    no.type = "button";
    no.className = "secundair";
    no.textContent = back ? back.textContent : "Nee, terug";
    no.addEventListener("click", function () { dialog.close(); });
    if (back) back.replaceWith(no); else content.querySelector(".knoppen").appendChild(no);
    dialog.appendChild(content);
    dialog.addEventListener("close", function () {
      dialog.remove();
      link.focus();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    // The safe answer has the focus; Enter does not delete by accident.
    no.focus();
  }

  document.querySelectorAll("form").forEach(enhanceForm);
  document.addEventListener("click", function (event) {
    var ask = event.target.closest && event.target.closest("a[data-bevestigen]");
    if (ask && !event.ctrlKey && !event.metaKey && !event.shiftKey && confirmInDialog(ask)) {
      event.preventDefault();
      return;
    }
    var link = event.target.closest && event.target.closest("a[href*='reageer=']");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && openReply(link)) {
      event.preventDefault();
    }
  });
  // A refused form: the error summary at its top takes the focus.
  // After the load: arriving at the address's #anchor moves the focus there.
  var summary = document.querySelector(".foutmelding");
  if (summary) {
    if (document.readyState === "complete") summary.focus();
    else window.addEventListener("load", function () { summary.focus(); });
  }

  // Live updates (Server-Sent Events, see the README's "Live updates").
  if (window.EventSource && window.JSON) {
    var section = document.querySelector("#reacties[data-live]");
    if (section) followArticle(section);
    var queueLink = document.querySelector("header.site a.wachtrij");
    // The author's waiting count only on the moderation pages: one stream per tab.
    if (queueLink && /^\/moderatie(\/|$)/.test(location.pathname)) followQueue(queueLink);
  }

  // The polite live region at the bottom of the window: fixed, so showing it
  // moves nothing on the page. It exists from the start, as screen readers
  // only announce changes to a region they already know.
  function liveBar() {
    var bar = document.getElementById("live-balk");
    if (bar) return bar;
    bar = document.createElement("div");
    bar.id = "live-balk";
    bar.className = "live-balk";
    bar.setAttribute("role", "status");
    (document.querySelector("main") || document.body).appendChild(bar);
    return bar;
  }

  function showBar(text, onClick) {
    var bar = liveBar();
    if (!text) { bar.textContent = ""; return; }
    // The same button gets the new count, so a keyboard user on it stays there.
    var button = bar.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      // A click with the mouse leaves the focus where the reader was typing.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      bar.appendChild(button);
    }
    button.textContent = text;
    button.onclick = onClick;
  }

  // Runs `change` without moving what the reader looks at: the focused element,
  // or else the element at the top of the window, stays where it was.
  function keepPlace(change) {
    var anchor = document.activeElement;
    if (!anchor || anchor === document.body || anchor.closest("#live-balk")) {
      anchor = document.elementFromPoint(window.innerWidth / 2, 2);
    }
    var before = anchor && anchor.getBoundingClientRect().top;
    change();
    if (anchor && anchor.isConnected) {
      var moved = anchor.getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
    }
  }

  function parse(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  function reactionItem(id) {
    return document.getElementById("reactie-" + id);
  }

  function followArticle(section) {
    var waiting = []; // new reactions not yet shown, oldest first
    var paged = section.querySelector("nav.paginas");
    var lastPage = !paged || !paged.querySelector("a[rel=next]");
    var firstPage = !paged || !paged.querySelector("a[rel=prev]");
    var current = section.querySelector("nav.volgorde a[aria-current]");
    var newestFirst = !!current && /volgorde=nieuwste/.test(current.getAttribute("href"));

    function fits(item) {
      if (reactionItem(item.id)) return false;
      if (item.ouder !== null) return !!reactionItem(item.ouder) || waiting.some(function (w) { return w.id === item.ouder; });
      return newestFirst ? firstPage : lastPage;
    }

    function announce() {
      var n = waiting.length;
      if (!n) { showBar(""); return; }
      showBar((n === 1 ? T.new_one : n + T.new_many) + T.show, showWaiting);
    }

    function topList() {
      var list = section.querySelector(":scope > ol.draad");
      if (list) return list;
      list = document.createElement("ol");
      list.className = "draad";
      var empty = Array.prototype.find.call(section.querySelectorAll(":scope > p"), function (p) {
        return p.textContent.trim() === T.no_reactions;
      });
      if (empty) empty.replaceWith(list);
      else section.querySelector("#reageer-kop").insertAdjacentElement("beforebegin", list);
      return list;
    }

    function insert(item) {
      var li = document.createElement("li");
      li.id = "reactie-" + item.id;
      li.className = "niveau-" + item.niveau;
      li.appendChild(parse(pick(item, "html")));
      if (item.ouder === null) {
        var list = topList();
        // Newest first: above the first thread that is not pinned.
        var first = newestFirst && Array.prototype.find.call(list.children, function (c) {
          var label = c.querySelector(":scope > article header .label");
          return !(label && label.textContent === "vastgepind");
        });
        if (first) list.insertBefore(li, first); else list.appendChild(li);
      } else {
        var parent = reactionItem(item.ouder);
        if (!parent) return null;
        var replies = parent.querySelector(":scope > ol.draad");
        if (!replies) {
          replies = document.createElement("ol");
          replies.className = "draad";
          parent.appendChild(replies);
        }
        replies.appendChild(li);
      }
      return li;
    }

    function showWaiting() {
      var shown = [];
      var fromKeyboard = document.activeElement && document.activeElement.closest("#live-balk");
      keepPlace(function () {
        waiting.forEach(function (item) {
          var li = insert(item);
          if (li) shown.push(li);
        });
      });
      waiting = [];
      // Focus on the button (keyboard) goes to the first new reaction; a
      // reader who clicked keeps the focus where it was.
      if (fromKeyboard && shown.length) {
        var article = shown[0].querySelector("article");
        article.setAttribute("tabindex", "-1");
        article.focus({ preventScroll: true });
      }
      announce();
    }

    function changed(data) {
      var pending = waiting.find(function (w) { return w.id === data.id; });
      if (pending) { pending.html = data.html; pending.html_en = data.html_en; return; }
      var li = reactionItem(data.id);
      var old = li && li.querySelector(":scope > article");
      if (!old) return;
      var fresh = parse(pick(data, "html"));
      var placeholder = function (a) { return !!a.querySelector("header .verwijderd"); };
      keepPlace(function () {
        if (placeholder(fresh) || placeholder(old)) {
          // The author's own view keeps what only the author sees, until a reload.
          if (!old.querySelector("details.beheer")) old.replaceWith(fresh);
          return;
        }
        var text = old.querySelector(".tekst");
        var newText = fresh.querySelector(".tekst");
        if (text && newText) text.innerHTML = newText.innerHTML;
        var mark = fresh.querySelector("header .bewerkt");
        if (mark && !old.querySelector("header .bewerkt")) old.querySelector("header").appendChild(mark);
      });
    }

    function gone(data) {
      var before = waiting.length;
      waiting = waiting.filter(function (w) { return w.id !== data.id; });
      if (waiting.length !== before) { announce(); return; }
      var li = reactionItem(data.id);
      if (!li || li.querySelector(":scope > article details.beheer")) return;
      keepPlace(function () {
        // What the reader is typing in a reply form there stays.
        if (li.querySelector("ol.draad > li, textarea")) {
          var article = li.querySelector(":scope > article");
          if (article) article.remove();
        } else {
          li.remove();
        }
      });
    }

    function appreciation(data) {
      var li = reactionItem(data.id);
      var actions = li && li.querySelector(":scope > article .acties");
      if (!actions) return;
      var span = actions.querySelector(":scope > .waardering");
      if (!data.tekst) { if (span) span.remove(); return; }
      if (!span) {
        span = document.createElement("span");
        span.className = "waardering";
        var after = actions.querySelector(":scope > form.waardeer") || actions.querySelector(":scope > a[href*='reageer=']");
        if (after) after.insertAdjacentElement("afterend", span); else actions.prepend(span);
      }
      span.textContent = pick(data, "tekst");
    }

    function tally(data) {
      var stem = document.getElementById("stem-" + data.reden);
      if (!stem) return;
      var meter = stem.querySelector("meter");
      var total = data.ja + data.nee;
      if (meter) {
        meter.max = total > 0 ? total : 1;
        meter.value = data.ja;
        meter.textContent = data.procent + "% " + T.yes;
        meter.setAttribute("aria-label", T.share_yes + " " + data.reden + ": " + data.procent + " " + T.percent);
      }
      var text = stem.querySelector(".telling-tekst");
      if (text) text.textContent = pick(data, "tekst");
    }

    var handlers = {
      nieuw: function (data) {
        if (!fits(data)) return;
        waiting.push(data);
        announce();
      },
      gewijzigd: changed,
      weg: gone,
      waardering: appreciation,
      stemmen: tally,
      aantal: function (data) {
        var heading = document.getElementById("reacties-kop");
        if (heading) heading.textContent = T.reactions_heading + " (" + data.aantal + ")";
      },
      herladen: function () {
        showBar(T.changed_reload, function () { location.reload(); });
      }
    };
    liveBar();
    listen(section.dataset.live, handlers);
  }

  function followQueue(link) {
    liveBar();
    listen("/moderatie/live", {
      wachtrij: function (data) {
        var count = link.querySelector(".teller");
        var said = link.querySelector(".teller + .verborgen");
        if (data.aantal > 0) {
          if (!count) {
            link.insertAdjacentHTML("beforeend", ' <span class="teller"></span><span class="verborgen"></span>');
            count = link.querySelector(".teller");
            link.querySelector(".teller + .verborgen").textContent = T.waiting;
          }
          count.textContent = data.aantal;
        } else if (count) {
          count.remove();
          if (said) said.remove();
        }
        if (data.meer && location.pathname === "/moderatie") {
          showBar(T.queue_new, function () { location.reload(); });
        }
      },
      herladen: function () {}
    });
  }

  function listen(url, handlers) {
    var source = new EventSource(url);
    // Connected: from here on nothing is missed (tests wait for this too).
    source.addEventListener("open", function () { liveBar().dataset.verbonden = "1"; });
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        handlers[name](data);
      });
    });
    // Leaving the page closes the stream at once instead of at the next heartbeat.
    window.addEventListener("pagehide", function () { source.close(); });
  }
})();
