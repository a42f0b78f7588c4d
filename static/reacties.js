// Reacties: small enhancements on top of pages that work without JavaScript.
// - "Reageren" opens the reply form beneath the reaction instead of reloading;
//   Escape closes it again;
// - a character counter under every reaction field, announced only at a few
//   thresholds, and a form over the limit is not sent;
// - "Voorbeeld" shows the rendered text beside the form instead of reloading;
// - Ctrl+Enter (Cmd+Enter) posts the form;
// - a refused form's error summary takes the focus, as it does without script;
// - JA/NEE on a reason and "Waardeer" are sent in place: the part of the page
//   they change is taken from the page the server answers with.
// - "Verwijderen" asks in a dialog (the confirmation page's own question and
//   form) instead of on a page of its own; Escape or "Nee" closes it.
(function () {
  "use strict";
  var MAX = 5000;
  var THRESHOLDS = [500, 100];

  function count(text) {
    // Count characters the way the server does (code points, after trimming).
    return Array.from(text.replace(/\r\n/g, "\n").trim()).length;
  }

  function number(n) {
    // The server writes 5.000: a point between thousands.
    return n.toLocaleString("nl-NL");
  }

  function counterText(n) {
    var left = MAX - n;
    if (left < 0) return number(-left) + (left === -1 ? " teken" : " tekens") + " te veel";
    return "nog " + number(left) + (left === 1 ? " teken" : " tekens");
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
        showError(form, "Je reactie is " + number(n) + " tekens lang; het maximum is " + number(MAX) + ". Maak hem wat korter.");
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
              showPreview(form, "Je tekst is te lang voor een voorbeeld. Een reactie mag hoogstens " +
                MAX.toLocaleString("nl-NL") + " tekens lang zijn.", true);
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
      box.setAttribute("aria-label", "Voorbeeld van je reactie");
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
      meta.textContent = "Geen voorbeeld:";
      text.textContent = "";
      var reason = document.createElement("p");
      reason.className = "fout";
      reason.setAttribute("role", "alert");
      reason.textContent = content;
      text.appendChild(reason);
    } else {
      meta.textContent = "Voorbeeld: zo komt je reactie eruit te zien.";
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
    if (label) label.textContent = "Jouw antwoord";
    var parent = document.createElement("input");
    parent.type = "hidden";
    parent.name = "parent_id";
    parent.value = id;
    form.insertBefore(parent, form.firstChild);
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-knop";
    cancel.textContent = "Annuleren";
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
    h2.textContent = heading ? heading.textContent : "Zeker weten?";
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
})();
