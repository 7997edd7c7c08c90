/* Fulfillment desk: the few behaviours htmx does not cover.
 * - a "Connection lost" banner while polls fail (htmx:sendError, htmx:responseError, timeouts),
 *   gone again on the next answer;
 * - selects that submit their form on change; "Show all" clearing the pager box;
 * - the counter screen's chime and flash when a number turns ready;
 * - a live fragment's poll sends the fragment's tag (data-stamp: its change stamp, with a poll
 *   pass) as If-None-Match, so an unchanged fragment comes back as a bodiless 304 and nothing
 *   is swapped; a 304's own tag (a renewed pass) is kept for the next poll.
 */
(function () {
  "use strict";

  /* --- connection banner ---------------------------------------------------------------- */
  function banner(show) {
    var el = document.getElementById("connection-lost");
    if (el) el.hidden = !show;
    document.documentElement.classList.toggle("offline", show);
  }
  function isConnectionFailure(status) {
    return status === 0 || status >= 500;
  }
  document.addEventListener("htmx:sendError", function () { banner(true); });
  document.addEventListener("htmx:timeout", function () { banner(true); });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (isConnectionFailure(status)) {
      banner(true);
    } else if (status === 403 || status === 404) {
      // Logged out, membership gone, display link revoked: the full page says why.
      window.location.reload();
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status > 0 && !isConnectionFailure(xhr.status)) banner(false);
  });

  /* --- change stamps ------------------------------------------------------------------------ */
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.dataset && elt.dataset.stamp && event.detail.verb === "get") {
      event.detail.headers["If-None-Match"] = '"' + elt.dataset.stamp + '"';
    }
  });
  // A 304 swaps nothing, but its tag may carry a renewed poll pass: keep it for the next poll.
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt, xhr = event.detail.xhr;
    if (!xhr || xhr.status !== 304 || !elt || !elt.dataset || !elt.dataset.stamp) return;
    var tag = xhr.getResponseHeader("ETag");
    if (tag && tag.length > 2 && tag.charAt(0) === '"') elt.dataset.stamp = tag.slice(1, -1);
  });

  /* --- forms ----------------------------------------------------------------------------- */
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });
  document.addEventListener("click", function (event) {
    var clear = event.target.closest && event.target.closest("[data-clear]");
    if (clear) {
      var input = document.querySelector(clear.getAttribute("data-clear"));
      if (input) input.value = "";
    }
    var dismiss = event.target.closest && event.target.closest("[data-dismiss]");
    if (dismiss && dismiss.parentNode) dismiss.parentNode.remove();
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  /* --- pickup queue keyboard (and barcode scanners, which type the number and Enter) --------
   * The pager box has focus on load and after every handover; "/" focuses it; number + Enter
   * shows that pickup and focuses its next step (Enter or Space performs it); Escape clears. */
  function pagerBox() {
    return document.getElementById("pager-box");
  }
  function focusPagerBox() {
    var box = pagerBox();
    if (!box) return;
    box.focus();
    if (box.value) box.select(); // the next number types over the last one
  }
  function isTyping(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (pagerBox() && !isTyping(document.activeElement)) focusPagerBox();
  });
  document.addEventListener("keydown", function (event) {
    var box = pagerBox();
    if (!box || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" && !isTyping(event.target)) {
      event.preventDefault();
      focusPagerBox();
    } else if (event.key === "Escape") {
      var searching = box.value || document.querySelector("#pickup-queue .search-result");
      box.value = "";
      if (searching && box.form) box.form.requestSubmit();
      box.focus();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!pagerBox() || !elt || elt.id !== "pickup-queue") return;
    if (source && source.id === "pickup-filters") {
      // Only the answer to the number now in the box moves focus: an earlier answer (a
      // "show all" overtaken by the next number being typed) must not.
      var asked = event.detail.requestConfig.formData.get("number") || "";
      var box = pagerBox();
      if (!asked || asked !== box.value.trim()) return;
      var next = elt.querySelector("article.pickup .actions button.primary");
      if (next) next.focus();
      else focusPagerBox();
    } else if (source && source.closest && source.closest("form.actions")) {
      focusPagerBox(); // after a handover
    }
  });

  /* --- busy counter: the compact queue (remembered by the browser) and the phone's lanes -- */
  var COMPACT_KEY = "desk.compactQueue";
  function storedCompact() {
    try { return window.localStorage.getItem(COMPACT_KEY) === "1"; } catch (e) { return false; }
  }
  function showCompact(on) {
    document.documentElement.classList.toggle("compact", on);
    document.querySelectorAll("[data-compact-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function showLane() {
    var view = document.getElementById("queue-view");
    if (!view) return;
    var lane = view.getAttribute("data-lane") || "preparing";
    view.querySelectorAll("[data-lane-tab]").forEach(function (tab) {
      tab.setAttribute("aria-pressed", tab.getAttribute("data-lane-tab") === lane ? "true" : "false");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    showCompact(storedCompact());
    showLane();
  });
  document.addEventListener("htmx:afterSwap", showLane);
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-compact-toggle]");
    if (toggle) {
      var on = !document.documentElement.classList.contains("compact");
      try { window.localStorage.setItem(COMPACT_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
      showCompact(on);
    }
    var tab = event.target.closest && event.target.closest("[data-lane-tab]");
    var view = document.getElementById("queue-view");
    if (tab && view) {
      view.setAttribute("data-lane", tab.getAttribute("data-lane-tab"));
      showLane();
    }
  });

  /* --- counter screen ---------------------------------------------------------------------- */
  var FLASH_MS = 6000;
  var audio = null;
  var known = null;          // pickup keys in the Ready column at the last look
  var flashUntil = new Map(); // key -> time its flash ends
  window.deskChimes = 0;     // how many chimes rang (the browser tests read it)

  function audioContext() {
    if (!audio) {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return null;
      audio = new Ctx();
    }
    return audio;
  }

  function tone(ctx, frequency, start, length) {
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }

  function chime() {
    window.deskChimes += 1;
    var ctx = audioContext();
    if (!ctx || ctx.state !== "running") return;
    var now = ctx.currentTime;
    tone(ctx, 1318.5, now, 0.6);        // E6
    tone(ctx, 1046.5, now + 0.28, 0.9); // C6
  }

  function readyKeys(board) {
    var keys = new Set();
    board.querySelectorAll(".ready [data-key]").forEach(function (el) { keys.add(el.dataset.key); });
    return keys;
  }

  function lookAtBoard() {
    var board = document.getElementById("counter-board");
    if (!board) return;
    var now = Date.now();
    var keys = readyKeys(board);
    var fresh = false;
    if (known !== null) {
      keys.forEach(function (key) {
        if (!known.has(key)) { flashUntil.set(key, now + FLASH_MS); fresh = true; }
      });
    }
    known = keys;
    flashUntil.forEach(function (until, key) { if (until <= now) flashUntil.delete(key); });
    board.querySelectorAll(".ready [data-key]").forEach(function (el) {
      var until = flashUntil.get(el.dataset.key);
      if (until) {
        // The fragment is replaced every poll: continue the animation where it was.
        el.style.animationDelay = "-" + ((FLASH_MS - (until - now)) / 1000).toFixed(2) + "s";
        el.classList.add("flash");
      }
    });
    if (fresh) chime();
  }

  /* --- counter screen layout -------------------------------------------------------------
   * Every open number stays fully visible: each column's numbers get the largest size at which
   * they all fit the room they have (measured, not guessed from their count); Ready is never
   * smaller than Preparing; only when Preparing cannot fit at a readable size do its oldest
   * numbers fold into one "+N". The columns share the room by what their numbers need. */
  var READABLE_PX = 36; // the smallest font size Preparing keeps before folding
  var SMALLEST_PX = 8;

  function fits(list) {
    return list.scrollHeight <= list.clientHeight + 1 && list.scrollWidth <= list.clientWidth + 1;
  }
  function setSize(list, px) {
    list.style.setProperty("--size", px + "px");
  }
  function largestFitting(list, low, high) {
    setSize(list, high);
    if (fits(list)) return high;
    while (high - low > 1) {
      var mid = Math.floor((low + high) / 2);
      setSize(list, mid);
      if (fits(list)) low = mid;
      else high = mid;
    }
    setSize(list, low);
    return low;
  }
  function need(items) {
    var total = 0;
    items.forEach(function (el) { total += el.textContent.trim().length + 1; });
    return total;
  }
  function fitCounter() {
    var board = document.getElementById("counter-board");
    if (!board) return;
    var preparing = board.querySelector(".preparing .numbers");
    var ready = board.querySelector(".ready .numbers");
    var more = preparing.querySelector(".more");
    var waiting = Array.prototype.slice.call(preparing.querySelectorAll(".number[data-key]"));
    var called = ready.querySelectorAll(".number[data-key]");
    var np = need(waiting), nr = need(called);
    var share = np + nr ? Math.min(0.75, Math.max(0.25, np / (np + nr))) : 0.45;
    board.style.setProperty("--preparing-share", share + "fr");
    board.style.setProperty("--ready-share", 1 - share + "fr");
    waiting.forEach(function (el) { el.hidden = false; });
    if (more) more.hidden = true;
    var ceiling = Math.max(SMALLEST_PX, Math.floor(window.innerHeight * 0.3));
    var readySize = largestFitting(ready, SMALLEST_PX, ceiling);
    var floor = Math.min(READABLE_PX, readySize);
    var preparingSize = largestFitting(preparing, floor, readySize);
    if (fits(preparing) || !more) return;
    // Fold the oldest: the fewest hidden numbers with which the rest fits at the floor size.
    setSize(preparing, floor);
    more.hidden = false;
    var low = 1, high = waiting.length;
    function foldFirst(count) {
      waiting.forEach(function (el, index) { el.hidden = index < count; });
      more.textContent = "+" + count;
    }
    while (low < high) {
      var mid = Math.floor((low + high) / 2);
      foldFirst(mid);
      if (fits(preparing)) high = mid;
      else low = mid + 1;
    }
    foldFirst(low);
    return preparingSize;
  }
  var fitPending = false;
  function fitSoon() {
    if (fitPending) return;
    fitPending = true;
    window.requestAnimationFrame(function () { fitPending = false; fitCounter(); });
  }
  document.addEventListener("DOMContentLoaded", fitCounter);
  window.addEventListener("resize", fitSoon);
  document.addEventListener("htmx:afterSwap", function () {
    if (document.getElementById("counter-board")) fitCounter();
  });

  function unlockSound() {
    var ctx = audioContext();
    var hint = document.getElementById("sound-hint");
    if (ctx && ctx.state !== "running") {
      ctx.resume().then(function () { if (hint) hint.hidden = true; });
    } else if (hint) {
      hint.hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.body.hasAttribute("data-counter-screen")) return;
    lookAtBoard();
    var ctx = audioContext();
    var hint = document.getElementById("sound-hint");
    if (ctx && ctx.state !== "running" && hint) hint.hidden = false;
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, unlockSound, { passive: true });
    });
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (document.body.hasAttribute("data-counter-screen")) lookAtBoard();
  });
})();
