// merit review: answer decision points in the page, keep the answers in this browser, export the determinations file.
// Every text of the data goes on the page as text (textContent), never as markup: records are written by anyone.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("review-data").textContent);
  var S = D.strings;
  // a point: [applicant, id, class, pattern, kind, requirement, question, if accepted, citation, entry, answer given,
  //          digest of the question]
  var P = D.points;
  var WORDS = { open: "open", accept: "accepted", reject: "rejected" };
  var PAGE = 50; // cards drawn at a time in a group

  // ---- the answers: given in the results or -d, and made here (kept in local storage) ----
  var made = new Map(); // point index -> [answer, by, date, because], or null: reopened here
  var analyst = "";
  var storage = null;
  try { storage = window.localStorage; storage.getItem(D.storage); } catch (e) { storage = null; }

  function load() {
    if (!storage) return;
    var kept = JSON.parse(storage.getItem(D.storage) || "null");
    if (!kept) return;
    analyst = kept.by || "";
    Object.keys(kept.a).forEach(function (k) {
      var a = kept.a[k];
      made.set(Number(k), a === 0 ? null : [a[0] ? "reject" : "accept", kept.t[a[1]], a[2], kept.t[a[3]]]);
    });
  }

  function save() {
    if (!storage) return say("kept", "This browser keeps nothing for a page opened from a file here: export the answers before you close the tab.");
    var texts = [], index = new Map(), a = {};
    function t(s) { if (!index.has(s)) { index.set(s, texts.length); texts.push(s); } return index.get(s); }
    made.forEach(function (v, k) { a[k] = v === null ? 0 : [v[0] === "reject" ? 1 : 0, t(v[1]), v[2], t(v[3])]; });
    try {
      storage.setItem(D.storage, JSON.stringify({ by: analyst, a: a, t: texts }));
    } catch (e) {
      return say("kept", "This browser could not keep the answers (" + e.name + "): export them now.");
    }
    say("kept", "Your answers are kept in this browser as you go, for these results only: closing the tab loses nothing. " +
      "They leave this computer only when you export them. " + count(made.size, "answer") + " made here.");
  }

  function answer(k) { return made.has(k) ? made.get(k) : P[k][10]; }
  function state(k) { var a = answer(k); return a ? a[0] : "open"; }
  function count(n, what) { return n.toLocaleString("en-US") + " " + what + (n === 1 ? "" : "s"); }
  function say(id, text) { document.getElementById(id).textContent = text; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // The answer from the fields, or why it is not one yet (the determinations file needs by, date and because).
  function checked(a, by, date, because) {
    by = by.trim(); because = because.trim();
    if (!by) return "Write who decided (by).";
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date), day = m && new Date(Date.UTC(+m[1], m[2] - 1, +m[3]));
    if (!day || day.getUTCMonth() !== m[2] - 1 || day.getUTCDate() !== +m[3]) return "Give the date as YYYY-MM-DD (a day that exists).";
    if (!because) return "Write why (because): the reasons quote it.";
    return [a, by, date, because];
  }

  // ---- elements ----
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "on") Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); });
      else if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function field(label, input, cls) { return el("label", { className: cls || "" }, [document.createTextNode(label), input]); }
  function options(select, pairs) { pairs.forEach(function (p) { select.appendChild(el("option", { value: p[0], text: p[1] })); }); return select; }

  // ---- the groups: class, then point pattern, then applicant ----
  var classes = new Map(); // class -> Map(pattern -> [point indices])
  P.forEach(function (p, k) {
    var c = S[p[2]], pat = S[p[3]];
    if (!classes.has(c)) classes.set(c, new Map());
    var g = classes.get(c);
    if (!g.has(pat)) g.set(pat, []);
    g.get(pat).push(k);
  });
  classes.forEach(function (g) {
    g.forEach(function (ks) {
      ks.sort(function (a, b) { var x = D.applicants[P[a][0]][0], y = D.applicants[P[b][0]][0]; return x < y ? -1 : x > y ? 1 : a - b; });
    });
  });

  var filter = { cls: "", status: "open", who: "", kind: "" };
  var selected = new Set();

  function shown(k) {
    var p = P[k];
    if (filter.cls && S[p[2]] !== filter.cls) return false;
    if (filter.kind && p[4] !== filter.kind) return false;
    if (filter.status && state(k) !== filter.status) return false;
    if (filter.who) {
      var a = D.applicants[p[0]];
      if ((a[0] + " " + a[1]).toLowerCase().indexOf(filter.who) < 0) return false;
    }
    return true;
  }

  // ---- the controls ----
  var app = document.getElementById("app");
  var clsSelect = options(el("select", { id: "f-class" }), [["", "All classes"]].concat(
    Array.from(classes.keys()).map(function (c) { return [c, c + ": " + (D.titles[c] || "")]; })));
  var statusSelect = options(el("select", { id: "f-status" }), [["open", "Open"], ["accept", "Accepted"], ["reject", "Rejected"], ["", "All"]]);
  var whoInput = el("input", { id: "f-applicant", type: "search", placeholder: "id or name" });
  var kindSelect = options(el("select", { id: "f-kind" }), [["", "All kinds"], ["specific", "specific"], ["catch-all", "catch-all"]]);
  var shownCount = el("p", { id: "shown", className: "count", role: "status" });
  app.appendChild(el("form", { className: "controls", role: "search", "aria-label": "Filter the questions", on: { submit: function (e) { e.preventDefault(); } } }, [
    el("div", { className: "row" }, [field("Class", clsSelect), field("Status", statusSelect), field("Applicant", whoInput), field("Kind", kindSelect)]),
    shownCount,
  ]));
  [clsSelect, statusSelect, kindSelect].forEach(function (s) { s.addEventListener("change", refilter); });
  whoInput.addEventListener("input", refilter);

  var bulkBy = el("input", { id: "b-by", type: "text", autocomplete: "name" });
  var bulkDate = el("input", { id: "b-date", type: "date" });
  var bulkBecause = el("textarea", { id: "b-because", className: "because", rows: "2" });
  var selectedCount = el("p", { id: "selected", className: "count", role: "status" });
  var bulkProblem = el("p", { id: "b-problem", className: "problem", role: "alert" });
  app.appendChild(el("section", { className: "bulk", "aria-label": "Answer the selected questions" }, [
    el("div", { className: "row" }, [
      el("button", { type: "button", id: "select-shown", text: "Select every question shown", on: { click: selectShown } }),
      el("button", { type: "button", id: "select-none", text: "Select none", on: { click: function () { selected.clear(); redraw(); } } }),
      selectedCount,
    ]),
    el("div", { className: "row" }, [field("By", bulkBy), field("Date", bulkDate), field("Because", bulkBecause, "wide")]),
    el("div", { className: "row" }, [
      el("button", { type: "button", id: "accept-selected", className: "accept", text: "Accept the selected", on: { click: function () { bulk("accept"); } } }),
      el("button", { type: "button", id: "reject-selected", className: "reject", text: "Reject the selected", on: { click: function () { bulk("reject"); } } }),
      bulkProblem,
    ]),
  ]));
  bulkBy.addEventListener("change", function () { analyst = bulkBy.value.trim(); save(); });

  function selectShown() { for (var k = 0; k < P.length; k++) if (shown(k)) selected.add(k); redraw(); }

  function bulk(a) {
    if (!selected.size) { bulkProblem.textContent = "Select questions first."; return; }
    var got = checked(a, bulkBy.value, bulkDate.value, bulkBecause.value);
    if (typeof got === "string") { bulkProblem.textContent = got; return; }
    bulkProblem.textContent = "";
    analyst = got[1];
    selected.forEach(function (k) { made.set(k, got); });
    var n = selected.size;
    selected.clear();
    save();
    redraw();
    say("shown", shownCount.textContent + " " + count(n, "question") + " " + WORDS[a] + ".");
  }

  // ---- the questions ----
  var questions = el("section", { id: "questions", "aria-label": "Questions", tabindex: "-1" });
  app.appendChild(questions);
  var groups = []; // {details, summary tally, list, keys, drawn}
  classes.forEach(function (patterns, c) {
    var tally = el("span", { className: "tally" });
    var section = el("section", { className: "class", "data-class": c }, [
      el("div", { className: "class-head" }, [el("h2", { text: c + ": " + (D.titles[c] || "") }), tally]),
    ]);
    var members = [];
    patterns.forEach(function (keys, pat) {
      var first = P[keys[0]];
      var gTally = el("span", { className: "tally" });
      var list = el("ul", { className: "cards" });
      var details = el("details", { className: "pattern", "data-pattern": pat }, [
        el("summary", {}, [el("span", { className: "pid", text: pat }), document.createTextNode(" " + S[first[5]] + " (" + first[4] + "): "), gTally]),
        el("div", { className: "row more" }, [el("button", { type: "button", className: "select-group", text: "Select these", on: { click: function () { g.shown.forEach(function (k) { selected.add(k); }); redraw(); } } })]),
        list,
      ]);
      var g = { details: details, tally: gTally, list: list, keys: keys, shown: [], drawn: 0, section: section };
      details.addEventListener("toggle", function () { if (details.open) draw(g); });
      groups.push(g);
      members.push(g);
      section.appendChild(details);
    });
    section.groupTally = tally;
    section.members = members;
    questions.appendChild(section);
  });

  function tallyText(node, counts) {
    node.textContent = "";
    node.appendChild(document.createTextNode(count(counts.shown, "question") + " of " + count(counts.who.size, "applicant") + " shown: "));
    ["open", "accept", "reject"].forEach(function (s, i) {
      if (i) node.appendChild(document.createTextNode(", "));
      node.appendChild(el("span", { className: s, text: counts[s] + " " + WORDS[s] }));
    });
  }

  function refilter() {
    filter = { cls: clsSelect.value, status: statusSelect.value, who: whoInput.value.trim().toLowerCase(), kind: kindSelect.value };
    groups.forEach(function (g) { g.drawn = 0; });
    redraw();
  }

  function redraw() {
    var total = 0, open = 0;
    questions.querySelectorAll("section.class").forEach(function (section) {
      var counts = { shown: 0, open: 0, accept: 0, reject: 0, who: new Set() };
      section.members.forEach(function (g) {
        var c = { shown: 0, open: 0, accept: 0, reject: 0, who: new Set() };
        g.shown = [];
        g.keys.forEach(function (k) {
          if (shown(k)) { g.shown.push(k); c[state(k)]++; c.who.add(P[k][0]); counts.who.add(P[k][0]); }
        });
        c.shown = g.shown.length;
        tallyText(g.tally, c);
        g.details.hidden = !c.shown;
        ["shown", "open", "accept", "reject"].forEach(function (s) { counts[s] += c[s]; });
        if (g.details.open) draw(g);
      });
      tallyText(section.groupTally, counts);
      section.hidden = !counts.shown;
      total += counts.shown;
      open += counts.open;
    });
    shownCount.textContent = count(total, "question") + " shown (" + open.toLocaleString("en-US") + " open) of " + count(P.length, "question") + ".";
    var hidden = 0;
    selected.forEach(function (k) { if (!shown(k)) hidden++; });
    selectedCount.textContent = count(selected.size, "question") + " selected" + (hidden ? ", " + hidden + " of them not shown by the filters." : ".");
    document.getElementById("accept-selected").disabled = document.getElementById("reject-selected").disabled = !selected.size;
  }

  // Draw a group's cards, PAGE at a time (a pattern may ask thousands of applicants).
  function draw(g) {
    g.list.textContent = "";
    g.drawn = Math.min(g.shown.length, Math.max(g.drawn, PAGE));
    g.shown.slice(0, g.drawn).forEach(function (k) { g.list.appendChild(card(k, g)); });
    if (g.drawn < g.shown.length) {
      g.list.appendChild(el("li", { className: "more" }, [el("button", { type: "button", text: "Show " + Math.min(PAGE, g.shown.length - g.drawn) + " more of " + g.shown.length,
        on: { click: function () { g.drawn += PAGE; draw(g); } } })]));
    }
  }

  // After an answer the keyboard stays where the work is: on this question, or the next one when this one left
  // the list, or the next group still shown when this one emptied.
  function keepFocus(g, at) {
    var next = g.list.children[Math.min(at, g.list.children.length - 1)];
    var target = next && (next.querySelector("textarea.because") || next.querySelector("button"));
    if (!target) {
      var later = groups.slice(groups.indexOf(g)).concat(groups).filter(function (h) { return !h.details.hidden && !h.section.hidden; });
      target = later.length ? later[0].details.querySelector("summary") : questions;
    }
    target.focus();
  }

  function card(k, g) {
    var p = P[k], who = D.applicants[p[0]], a = answer(k), s = state(k);
    var box = el("input", { type: "checkbox", className: "pick", "aria-label": "Select the question " + p[1] + " of " + who[0] });
    box.checked = selected.has(k);
    box.addEventListener("change", function () { if (box.checked) selected.add(k); else selected.delete(k); redraw(); });
    var words = s === "open" ? "open" : WORDS[s] + " by " + a[1] + " on " + a[2] + ": " + a[3];
    var by = el("input", { type: "text", className: "by", value: a ? a[1] : analyst || bulkBy.value });
    var date = el("input", { type: "date", className: "date", value: a ? a[2] : bulkDate.value || today() });
    var because = el("textarea", { className: "because", rows: "2" });
    because.value = a ? a[3] : "";
    var problem = el("p", { className: "problem", role: "alert" });
    function decide(choice) {
      var got = choice === null ? null : checked(choice, by.value, date.value, because.value);
      if (typeof got === "string") { problem.textContent = got; because.focus(); return; }
      if (got) analyst = got[1];
      var at = g.shown.indexOf(k);
      made.set(k, got);
      save();
      redraw();
      keepFocus(g, at);
    }
    var entry = p[9];
    var facts = null;
    if (Array.isArray(entry)) {
      facts = el("dl", { className: "entry", "aria-label": "The applicant's entry" });
      for (var i = 0; i < entry.length; i += 2) { facts.appendChild(el("dt", { text: entry[i] })); facts.appendChild(el("dd", { text: entry[i + 1] })); }
    } else if (typeof entry === "string") {
      facts = el("p", { className: "missing", text: "The entry cannot be shown: " + entry + "." });
    }
    var id = "q" + k;
    return el("li", { className: "card", "data-point": String(k), "aria-labelledby": id }, [
      el("div", { className: "card-head" }, [box,
        el("span", { className: "who", id: id, text: who[0] + (who[1] ? " (" + who[1] + ")" : "") }),
        el("span", { className: "pid", text: p[1] }),
        el("span", { className: "state " + s, text: words })]),
      el("p", { className: "question", text: S[p[5]] + ": " + S[p[6]] }),
      el("p", { className: "effect", text: "If accepted: " + S[p[7]] }),
      S[p[8]] ? el("p", { className: "source", text: "Source: " + S[p[8]] }) : null,
      facts,
      el("fieldset", { className: "answer" }, [el("legend", { text: "Answer" }),
        el("div", { className: "row" }, [field("By", by), field("Date", date), field("Because", because, "wide"),
          el("button", { type: "button", className: "accept", text: "Accept", on: { click: function () { decide("accept"); } } }),
          el("button", { type: "button", className: "reject", text: "Reject", on: { click: function () { decide("reject"); } } }),
          s !== "open" ? el("button", { type: "button", className: "reopen", text: "Reopen", on: { click: function () { decide(null); } } }) : null]),
        problem]),
    ]);
  }

  // ---- the export: the determinations file, as merit screen --format determinations writes it ----
  function q(text) { return JSON.stringify(text).replace(/[\u2028\u2029]/g, function (c) { return "\\u" + c.charCodeAt(0).toString(16); }); }

  function exported() {
    var out = [D.preamble];
    D.results.forEach(function (r) {
      var lines = [r[0]];
      r[1].forEach(function (k) {
        var p = P[k], a = answer(k);
        lines.push("- applicant: " + q(D.applicants[p[0]][0]), "  point: " + q(p[1]));
        if (p[11]) lines.push("  digest: " + q(p[11]));
        lines.push("  # " + p[4] + ": " + S[p[5]] + ": " + S[p[6]], "  # if accepted: " + S[p[7]]);
        if (S[p[8]]) lines.push("  # source: " + S[p[8]]);
        if (a) lines.push("  answer: " + a[0], "  by: " + q(a[1]), "  date: " + a[2], "  because: " + q(a[3]));
        else lines.push("  answer:", "  by:", "  date:", "  because:");
      });
      out.push(lines.concat(r[2]).join("\n") + "\n");
    });
    if (D.later.length) out.push(D.later.join("\n") + "\n");
    return out.join("");
  }

  var preview = el("textarea", { id: "export-text", readonly: "", "aria-label": "The determinations file", hidden: "" });
  var exportSaid = el("p", { id: "export-said", className: "note", role: "status" });
  app.appendChild(el("section", { className: "export", "aria-labelledby": "export-head" }, [
    el("h2", { id: "export-head", text: "Export the answers" }),
    el("p", { text: "The file holds every question above with its answer (blank while open), and the answers given before. " +
      "Screen again with it: merit screen ... --determinations answers.yaml" }),
    el("div", { className: "row" }, [
      el("button", { type: "button", id: "download", text: "Download answers.yaml", on: { click: download } }),
      el("button", { type: "button", id: "copy", text: "Copy to the clipboard", on: { click: copy } }),
      el("button", { type: "button", id: "show-file", text: "Show the file", on: { click: function () { preview.value = exported(); preview.hidden = false; preview.focus(); } } }),
    ]),
    exportSaid,
    preview,
  ]));

  function answeredCount() { var n = 0; for (var k = 0; k < P.length; k++) if (answer(k)) n++; return n; }

  function download() {
    var url = URL.createObjectURL(new Blob([exported()], { type: "application/yaml" }));
    var a = el("a", { href: url, download: "answers.yaml" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    exportSaid.textContent = "answers.yaml downloaded: " + count(answeredCount(), "answer") + " of " + count(P.length, "question") + ".";
  }

  function copy() {
    var text = exported();
    function fallback() {
      preview.value = text; preview.hidden = false; preview.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      exportSaid.textContent = ok ? "Copied to the clipboard." : "The browser refused the clipboard: the file is selected below, copy it with Ctrl+C.";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { exportSaid.textContent = "Copied to the clipboard."; }, fallback);
    } else fallback();
  }

  load();
  bulkBy.value = analyst;
  bulkDate.value = today();
  save();
  redraw();
  performance.mark("merit-review-drawn"); // the questions are on the page: tests/test_review_browser.py measures to here
})();
