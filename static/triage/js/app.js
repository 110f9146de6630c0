// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // An emergency answer brings up the emergency panel (the live check swaps it in): put it in
  // view and give it the focus when it first appears, not again at every later change.
  var emergencyShown = false;
  document.addEventListener("htmx:beforeSwap", function () {
    emergencyShown = Boolean(document.querySelector(".emergency-panel"));
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = document.querySelector(".emergency-panel");
    // A whole page swapped in is handled below, with the page's heading.
    if (panel && !emergencyShown && event.detail.target.id !== "main") {
      panel.scrollIntoView({ block: "start" });
      panel.focus({ preventScroll: true });
    }
  });

  // After HTMX swaps a step in place, move focus to its heading and announce it, as a page
  // load would for a screen reader user.
  document.addEventListener("htmx:afterSwap", function (event) {
    var main = document.getElementById("main");
    if (!main || event.detail.target !== main) {
      return;
    }
    var first = main.querySelector(".emergency-panel") || main.querySelector(".error-summary");
    var heading = first || main.querySelector("h1");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) {
        heading.setAttribute("tabindex", "-1");
      }
      heading.focus();
    }
    var announce = document.getElementById("announce");
    if (announce) {
      var progress = main.querySelector(".progress-text");
      var title = main.querySelector("h1");
      announce.textContent = [progress && progress.textContent, title && title.textContent]
        .filter(Boolean).join(": ");
    }
  });

  // A link in the error summary puts the focus on the question's first answer, with its legend in
  // view, so keyboard and screen reader users land where they can fix it (as GOV.UK's does).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var question = document.getElementById(link.getAttribute("href").slice(1));
    var input = question && question.querySelector("input:not([type=hidden]), select, textarea");
    if (!input) {
      return;
    }
    event.preventDefault();
    (question.querySelector("legend") || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  // Find a medicine by name: the matches come as the person types, so Enter in the box does not
  // send the whole step (without scripts it does, to search). After a name is added as typed, the
  // box is emptied and has the focus again, ready for the next name.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "medicine-query") {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-medicine-add")) {
      return;
    }
    var box = document.getElementById("medicine-query");
    if (box) {
      box.value = "";
      box.focus();
    }
  });

  // The language switcher and the region link sit in the header, which htmx does not swap: keep
  // their way back pointing at the page now shown, so either returns to the same step.
  function keepLanguageSwitchOnThisPage() {
    var here = window.location.pathname + window.location.search;
    document.querySelectorAll("input[data-current-page]").forEach(function (input) {
      input.value = here;
    });
    document.querySelectorAll("a[data-change-region]").forEach(function (link) {
      var target = new URL(link.href, window.location.href);
      target.searchParams.set("next", here);
      link.href = target.pathname + target.search;
    });
  }
  ["htmx:afterSettle", "htmx:pushedIntoHistory", "htmx:replacedInHistory"].forEach(function (name) {
    document.addEventListener(name, keepLanguageSwitchOnThisPage);
  });

  // The print summary's button and the results' Copy link button, shown only when scripts run.
  // Shown again after every swap: the results usually arrive by htmx, not by a page load.
  function showScriptedButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) { button.hidden = false; });
    document.querySelectorAll(".no-js-print").forEach(function (el) { el.hidden = true; });
    if (navigator.clipboard) {
      document.querySelectorAll("[data-copy]").forEach(function (button) { button.hidden = false; });
    }
  }
  document.addEventListener("DOMContentLoaded", showScriptedButtons);
  document.addEventListener("htmx:afterSettle", showScriptedButtons);
  // One listener for the page's life, whatever is swapped in: print, or copy the results link
  // (without scripts the address is there to select and copy).
  document.addEventListener("click", function (event) {
    var print = event.target.closest && event.target.closest("[data-print]");
    if (print) {
      window.print();
      return;
    }
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    navigator.clipboard.writeText(field.textContent.trim()).then(function () {
      if (status) { status.textContent = button.getAttribute("data-copied"); }
    }, function () {
      window.getSelection().selectAllChildren(field);
      if (status) { status.textContent = button.getAttribute("data-copy-failed"); }
    });
  });

  // Folded sections print in full.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });
})();
