// live.js keeps a page served by `briefing serve` in step with the latest
// build. The server injects it into every HTML page it serves, with the
// version of the files the page came from; it is never part of the site.
//
// The server sends its state over Server-Sent Events: at once when the
// stream opens and after every build. When the state names other files
// than the page shows, the page swaps its stylesheets (if only CSS changed
// since the version it shows) or reloads, keeping its scroll position. When
// the last build failed, an overlay lists its diagnostics.
(() => {
  "use strict";
  const script = document.currentScript;
  let current = script ? script.dataset.version : "";
  const scrollKey = "briefing-scroll:" + location.pathname;
  const overlayID = "__briefing-overlay";
  let dismissedSeq = -1;

  // Restore the scroll position saved before a live reload: now, and again
  // once images and fonts have loaded and the page has its final height.
  try {
    const saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
    sessionStorage.removeItem(scrollKey);
    if (saved) {
      const restore = () => window.scrollTo(saved.x, saved.y);
      restore();
      if (document.readyState !== "complete") {
        addEventListener("load", restore, { once: true });
      }
    }
  } catch (e) {
    // sessionStorage can be disabled; a reload then starts at the top.
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: scrollX, y: scrollY }));
    } catch (e) {}
    location.reload();
  }

  // swapCSS replaces each stylesheet link naming one of paths (site-relative)
  // by a fresh one, removing the old link once the new one has loaded so
  // the page never shows unstyled.
  function swapCSS(paths, version) {
    const wanted = new Set(paths.map((p) => "/" + p));
    const links = document.querySelectorAll('link[rel~="stylesheet" i]:not([data-briefing-stale])');
    for (const link of links) {
      const url = new URL(link.href, location.href);
      let pathname = url.pathname;
      try {
        pathname = decodeURIComponent(pathname);
      } catch (e) {}
      if (url.origin !== location.origin || !wanted.has(pathname)) continue;
      url.searchParams.set("__briefing", version);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      link.dataset.briefingStale = "";
      const drop = () => link.remove();
      fresh.addEventListener("load", drop, { once: true });
      fresh.addEventListener("error", drop, { once: true });
      link.after(fresh);
    }
  }

  const strings = {
    ar: {
      title: "فشل البناء",
      hint: "تعرض الصفحة آخر بناء ناجح. أصلح ما يلي واحفظ، فتتحدّث الصفحة وحدها.",
      close: "إغلاق",
    },
    en: {
      title: "Build failed",
      hint: "This page shows the last successful build. Fix the following and save; the page updates by itself.",
      close: "Close",
    },
  };

  const css = `
    :host { all: initial; }
    .backdrop {
      position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
      display: flex; align-items: flex-start; justify-content: center;
      padding: 6vh 1rem; box-sizing: border-box;
      background: rgba(17, 17, 17, 0.6);
    }
    .box {
      box-sizing: border-box; width: 100%; max-width: 56rem;
      background: #fff; color: #1b1b1b;
      border-block-start: 6px solid #c62828; border-radius: 6px;
      box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35);
      padding: 1rem 1.25rem 1.25rem;
      font: 16px/1.6 system-ui, "Noto Sans Arabic", "Noto Naskh Arabic", sans-serif;
      text-align: start;
    }
    header { display: flex; align-items: center; gap: 1rem; }
    h2 { flex: 1; margin: 0; font-size: 1.3rem; color: #b71c1c; }
    p { margin: 0.25rem 0 0.75rem; color: #444; }
    button {
      font: inherit; font-size: 1rem; cursor: pointer;
      border: 1px solid #bbb; border-radius: 4px; background: #f5f5f5; color: #1b1b1b;
      padding: 0.2rem 0.7rem;
    }
    button:focus-visible { outline: 3px solid #1565c0; outline-offset: 2px; }
    ol { list-style: none; margin: 0; padding: 0; }
    li {
      margin: 0 0 0.4rem; padding: 0.45rem 0.7rem;
      background: #fdecea; border-inline-start: 4px solid #e57373; border-radius: 3px;
      font: 14px/1.5 ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono", monospace;
      white-space: pre-wrap; overflow-wrap: anywhere; text-align: start;
    }
  `;

  function hideOverlay() {
    const old = document.getElementById(overlayID);
    if (old) old.remove();
    removeEventListener("keydown", onKey, true);
  }

  function onKey(e) {
    const shown = document.getElementById(overlayID);
    if (e.key !== "Escape" || !shown) return;
    dismissedSeq = Number(shown.dataset.seq);
    hideOverlay();
  }

  function el(name, attrs, text) {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // showOverlay shows a failed build's diagnostics over the page, in the
  // page's language and direction, in a shadow root so that neither the
  // site's stylesheets nor a stylesheet swap change it.
  function showOverlay(errors, seq) {
    if (seq === dismissedSeq) return;
    const shown = document.getElementById(overlayID);
    if (shown && shown.dataset.seq === String(seq)) return;
    hideOverlay();
    const root = document.documentElement;
    const lang = (root.lang || "").toLowerCase().startsWith("ar") ? "ar" : "en";
    const dir = root.dir || getComputedStyle(root).direction || "ltr";
    const t = strings[lang];

    const host = el("div", { id: overlayID, "data-seq": String(seq) });
    const shadow = host.attachShadow({ mode: "open" });
    // A constructed stylesheet is not blocked by a page's
    // Content-Security-Policy, as a <style> element can be.
    if ("adoptedStyleSheets" in shadow && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(el("style", {}, css));
    }
    const backdrop = el("div", { class: "backdrop" });
    const box = el("div", { class: "box", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "t", "aria-describedby": "h", dir: dir, lang: lang });
    const header = el("header");
    const close = el("button", { type: "button" }, t.close);
    close.addEventListener("click", () => {
      dismissedSeq = seq;
      hideOverlay();
    });
    header.append(el("h2", { id: "t" }, t.title), close);
    const list = el("ol");
    for (const line of errors) list.append(el("li", { dir: "auto" }, line));
    box.append(header, el("p", { id: "h" }, t.hint), list);
    backdrop.append(box);
    backdrop.addEventListener("click", (e) => {
      if (e.target === backdrop) {
        dismissedSeq = seq;
        hideOverlay();
      }
    });
    shadow.append(backdrop);
    (document.body || root).append(host);
    addEventListener("keydown", onKey, true);
    close.focus({ preventScroll: true });
  }

  function apply(s) {
    if (s.version !== current) {
      if (s.css && s.css.length && s.from === current) {
        swapCSS(s.css, s.version);
        current = s.version;
      } else {
        reload();
        return;
      }
    }
    if (s.errors && s.errors.length) {
      showOverlay(s.errors, s.seq);
    } else {
      hideOverlay();
    }
  }

  // Only visible pages keep a stream open: a browser allows six HTTP/1.1
  // connections per host, so six background tabs holding streams would
  // stall every other request to the server. A page that becomes visible
  // again reconnects and gets the current state at once, which reloads it
  // if it missed a build.
  let events = null;

  // connect opens the stream. EventSource reconnects by itself after a
  // network error (a restarted server); it gives up only on an HTTP error,
  // after which we try again.
  function connect() {
    if (events || document.hidden) return;
    const es = new EventSource("/__briefing/events");
    events = es;
    es.onmessage = (e) => {
      let s;
      try {
        s = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      apply(s);
    };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED && events === es) {
        events = null;
        setTimeout(connect, 1000);
      }
    };
  }

  function disconnect() {
    if (events) {
      events.close();
      events = null;
    }
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  addEventListener("pagehide", disconnect);
  addEventListener("pageshow", connect); // also after the back-forward cache
  connect();
})();
