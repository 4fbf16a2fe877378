/* Samtaleguide cockpit: plain JavaScript, no build step, no library.
 *
 * Rule for everything shown: text goes in with textContent, never innerHTML, so markup in
 * a message (from anyone) is shown as text and never run.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cockpit-data").textContent);
  var csrfToken = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var $ = function (id) { return document.getElementById(id); };

  var MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december"];
  var STATUS = { open: "Åben", done: "Gennemført", not_done: "Ikke gennemført" };
  var OWNERS = { borger: "Borgeren", konsulent: "Konsulenten", "a-kasse": "A-kassen", jobcenter: "Jobcentret" };
  var SMART = [["S", "specific", "Specifik"], ["M", "measurable", "Målbar"], ["A", "accepted", "Accepteret"],
    ["R", "realistic", "Realistisk"], ["T", "time_bound", "Tidsbestemt"]];
  var SCALING = { importance: "Vigtighed", confidence: "Tro på det" };
  var MISSING = { specific: "hvad der konkret skal ske", measurable: "hvordan I ser, at det er gjort",
    time_bound: "en frist", accepted: "om borgeren er med på den", realistic: "om borgeren tror på, at den kan nås" };
  var RATINGS = { green: "Grøn", yellow: "Gul", red: "Rød" };
  var CASE_NAMES = { stine: "Stine", fatima: "Fatima", anders: "Anders", erling: "Erling", malou: "Malou",
    tilfaeldig: "en tilfældig borger" };
  var TIMEOUT_STEP = 6, CLOSURE_STEP = 9, MAX_LOG = 300, HEALTH_POLL_MS = 3000;

  var els = {
    messages: $("messages"), input: $("input"), form: $("composer"), send: $("send"), counter: $("counter"),
    error: $("composer-error"), banner: $("banner"), bannerText: $("banner-text"), retry: $("banner-retry"),
    steps: $("steps"), stepHint: $("step-hint"), clock: $("clock"), clockTime: $("clock-time"),
    clockBooked: $("clock-booked"), clockLeft: $("clock-left"), clockWarning: $("clock-warning"),
    title: $("chat-title"), sub: $("chat-sub"), startPanel: $("start-panel"),
    practicePanel: $("practice-panel"), practiceStatus: $("practice-status"), endPractice: $("end-practice"),
    coachingToggle: $("coaching-toggle"), briefing: $("practice-briefing"), briefingWho: $("briefing-who"),
    briefingBooked: $("briefing-booked"), briefingFile: $("briefing-file"), briefingPreparation: $("briefing-preparation"),
    contract: $("contract"), agreements: $("agreements"), agreementsEmpty: $("agreements-empty"),
    scaling: $("scaling"), scalingEmpty: $("scaling-empty"), jobs: $("jobs"), planLinks: $("plan-links"),
    planLink: $("plan-link"), planPdf: $("plan-pdf")
  };

  var state = freshState(data.conversation);
  var busy = false;
  var down = false;
  var healthTimer = null;

  function freshState(conversation) {
    return { conversation: conversation, log: [], guide: null, startedAt: null, lastTimeoutAt: null,
      endedMs: null, plan: null, practice: null };
  }

  // --- small DOM helpers --------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function codePoints(text) { return Array.from(text).length; }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function danishDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    if (!m) { return ""; }
    return Number(m[3]) + ". " + MONTHS[Number(m[2]) - 1] + " " + m[1];
  }
  // Every time a person sees is Danish time (Europe/Copenhagen), whatever the browser's zone:
  // the plan page and the review pages show the same "06.53" for the same moment.
  var CLOCK_FORMAT = new Intl.DateTimeFormat("da-DK", { timeZone: "Europe/Copenhagen", hour: "2-digit", minute: "2-digit", hour12: false });
  function clockText(date) {
    var d = new Date(date);
    if (isNaN(d.getTime())) { return ""; }
    var parts = {};
    CLOCK_FORMAT.formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
    return (parts.hour || "00") + "." + (parts.minute || "00");
  }
  function stepTitle(n) { return data.steps[String(n)] || ""; }
  function danishList(items) {
    var words = items.map(String);
    return words.length < 2 ? words.join("") : words.slice(0, -1).join(", ") + " og " + words[words.length - 1];
  }

  // --- persistence (this tab only: sessionStorage) -----------------------------------
  function storageKey() { return state.conversation ? "samtaleguide:" + state.conversation.id : null; }
  function save() {
    var key = storageKey();
    if (!key) { return; }
    try {
      state.log = state.log.slice(-MAX_LOG);
      sessionStorage.setItem(key, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: the page still works */ }
  }
  function restore() {
    var key = storageKey();
    if (!key) { return; }
    try {
      var saved = JSON.parse(sessionStorage.getItem(key) || "null");
      if (saved && saved.conversation && saved.conversation.id === state.conversation.id) {
        state = saved;
        state.conversation = data.conversation;
      }
    } catch (e) { /* ignore a broken entry */ }
  }

  // --- messages ------------------------------------------------------------------------
  function scrollDown() { els.messages.scrollTop = els.messages.scrollHeight; }

  function bubble(kind, who, text) {
    var li = el("li", "msg " + kind);
    if (who) { li.appendChild(el("span", "who", who)); }
    li.appendChild(el("span", "body", text));
    els.messages.appendChild(li);
    return li;
  }

  function citizenName() {
    var practice = state.practice || {};
    var id = practice.case || (state.conversation && state.conversation.case);
    return id && CASE_NAMES[id] && id !== "tilfaeldig" ? CASE_NAMES[id] : "Borgeren";
  }

  function showEntry(entry) {
    if (entry.type === "user") {
      bubble("user", "Dig", entry.text);
    } else if (entry.type === "text") {
      if (entry.speaker === "borger") {
        bubble("borger", entry.name || "Borgeren", entry.text);
      } else {
        bubble("guide", "Guiden", entry.text);
      }
    } else if (entry.type === "feedback") {
      els.messages.appendChild(feedbackCard(entry.feedback, entry.text));
    } else if (entry.type === "coaching") {
      bubble("coach", "Coaching", entry.text);
    } else if (entry.type === "note") {
      bubble("note", null, entry.text);
    } else if (entry.type === "choices") {
      els.messages.appendChild(choiceButtons(entry));
    }
  }

  // --- choices when the guide is unsure: one click sends "1", "2" or "3" -------------
  function choiceButtons(entry) {
    var li = el("li", "msg choices");
    li.setAttribute("aria-label", "Vælg, hvad du mente");
    (Array.isArray(entry.choices) ? entry.choices : []).forEach(function (c) {
      if (!isObject(c) || !(Number(c.n) >= 1 && Number(c.n) <= 3)) { return; }
      var button = el("button", "choice", Number(c.n) + ") " + String(c.label || c.id || ""));
      button.type = "button";
      button.setAttribute("data-choice", String(Number(c.n)));
      button.setAttribute("data-id", String(c.id || ""));
      button.disabled = !!entry.used;
      button.addEventListener("click", function () {
        if (entry.used) { return; }
        sendMessage(String(Number(c.n)), false);
      });
      li.appendChild(button);
    });
    return li;
  }
  function retireChoices() {
    // An offer holds only until the next message: older buttons would pick from a stale list.
    state.log.forEach(function (entry) { if (entry.type === "choices") { entry.used = true; } });
    Array.prototype.forEach.call(els.messages.querySelectorAll(".msg.choices button"), function (b) { b.disabled = true; });
  }

  var METRIC_LABELS = {
    contract: "Kontrakt", timeouts: "Timeouts", closure: "Afslutning",
    reflection_question_ratio: "Refleksioner pr. spørgsmål", open_question_share: "Åbne spørgsmål",
    trainee_word_share: "Din andel af ordene", ugu: "UGU (undersøg – giv – undersøg)", scaling: "Skalaspørgsmål",
    agreements: "Aftaler", pressure: "Pres og overtalelse", hidden_facts: "Skjulte oplysninger fundet",
    steps: "Trinene i rækkefølge"
  };
  function decimal(value) { return String(Math.round(value * 100) / 100).replace(".", ","); }
  function metricValue(id, m) {
    if (typeof m.shown === "string") { return m.shown; }
    var v = m.value;
    if (typeof v === "number") {
      if (/_share$/.test(id)) { return Math.round(v * 100) + " %"; }
      if (/_ratio$/.test(id)) { return decimal(v) + ":1"; }
      return decimal(v);
    }
    if (typeof v === "string") { return v; }
    if (typeof m.uncovered === "number" && typeof m.total === "number") { return m.uncovered + " af " + m.total; }
    if (typeof m.count === "number") { return String(m.count); }
    if (typeof m.kept === "number" && typeof m.information_given === "number") { return m.kept + " af " + m.information_given; }
    if (typeof m.present === "boolean") { return m.present ? "ja" : "nej"; }
    return "–";
  }
  function metricThreshold(id, m) {
    if (typeof m.threshold === "string") { return m.threshold; }
    var t = isObject(m.thresholds) ? m.thresholds : null;
    if (!t) { return ""; }
    var pct = function (x) {
      if (/_share$/.test(id)) { return Math.round(x * 100) + " %"; }
      if (/_ratio$/.test(id)) { return decimal(x) + ":1"; }
      return decimal(x);
    };
    if (t.good !== undefined) { return "godt ≥ " + pct(t.good) + (t.fair !== undefined ? ", rimeligt ≥ " + pct(t.fair) : ""); }
    if (t.good_max !== undefined) { return "godt ≤ " + pct(t.good_max) + (t.fair_max !== undefined ? ", rimeligt ≤ " + pct(t.fair_max) : ""); }
    return "";
  }
  /* The brief's shape is a list [{id, label, value, rating, threshold}]; the practice module
     may send a dict {id: {status, value, thresholds, ...}}. Both become rows. */
  function metricRows(metrics) {
    if (Array.isArray(metrics)) {
      return metrics.filter(isObject).map(function (m) {
        return { id: String(m.id || ""), label: m.label || METRIC_LABELS[m.id] || m.id || "",
          value: metricValue(String(m.id || ""), m), threshold: metricThreshold(String(m.id || ""), m),
          rating: m.rating || m.status };
      });
    }
    if (isObject(metrics)) {
      return Object.keys(metrics).filter(function (k) { return isObject(metrics[k]); }).map(function (k) {
        var m = metrics[k];
        var source = isObject(m.source) ? m.source : {};
        return { id: k, label: m.label || METRIC_LABELS[k] || k, value: metricValue(k, m),
          threshold: metricThreshold(k, m), rating: m.rating || m.status,
          source: typeof source.text === "string" ? source.text : "", supplementary: source.supplementary === true };
      });
    }
    return [];
  }
  function textList(items) {
    return (Array.isArray(items) ? items : []).map(function (x) {
      return typeof x === "string" ? x : (isObject(x) && typeof x.text === "string" ? x.text : null);
    }).filter(Boolean);
  }

  function metricTable(rows, className) {
    var table = el("table", className);
    var head = el("tr");
    ["Måling", "Din værdi", "Mål", "Vurdering"].forEach(function (h) {
      var th = el("th", null, h); th.setAttribute("scope", "col"); head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (m) {
      var rating = RATINGS[m.rating] ? m.rating : null;
      var tr = el("tr", rating ? "rating-" + rating : "");
      tr.setAttribute("data-metric", m.id);
      var label = el("td", null, m.label);
      if (m.source) { label.appendChild(el("span", "source", "Kilde: " + m.source)); }
      tr.appendChild(label);
      tr.appendChild(el("td", "value", m.value));
      tr.appendChild(el("td", "threshold", m.threshold));
      var td = el("td");
      td.appendChild(el("span", "rating", rating ? RATINGS[rating] : "–"));
      tr.appendChild(td);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function feedbackCard(feedback, text) {
    var li = el("li", "msg card feedback");
    li.setAttribute("aria-label", "Feedback på øvelsen");
    li.appendChild(el("h3", null, "Feedback på øvelsen"));
    var summary = feedback.summary;
    if (!summary && typeof feedback.score === "number") {
      summary = "Samlet: " + feedback.score + "/100" + (RATINGS[feedback.overall] ? " (" + RATINGS[feedback.overall].toLowerCase() + ")" : "");
    }
    if (summary) { li.appendChild(el("p", "summary", summary)); }
    var metrics = metricRows(feedback.metrics);
    var main = metrics.filter(function (m) { return !m.supplementary; });
    var extra = metrics.filter(function (m) { return m.supplementary; });
    if (main.length) { li.appendChild(metricTable(main, "metrics")); }
    if (extra.length) {
      li.appendChild(el("h4", null, "Supplerende målinger – vejer mindre"));
      li.appendChild(metricTable(extra, "metrics supplementary"));
    }
    [["Det gik godt", textList(feedback.strengths)], ["Det kan du arbejde med", textList(feedback.gaps)]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      li.appendChild(el("h4", null, pair[0]));
      var ul = el("ul", "points");
      pair[1].forEach(function (t) { ul.appendChild(el("li", null, t)); });
      li.appendChild(ul);
    });
    var suggestions = Array.isArray(feedback.suggestions) ? feedback.suggestions : [];
    if (suggestions.length) {
      li.appendChild(el("h4", null, "Prøv i stedet"));
      var list = el("ul", "suggestions");
      suggestions.forEach(function (s) {
        if (!isObject(s)) { return; }
        var item = el("li", "suggestion");
        var said = el("p", "said");
        said.appendChild(el("span", null, "Du sagde: "));
        said.appendChild(el("span", "quote", "»" + (s.quote || "") + "«"));
        var instead = el("p", "instead");
        instead.appendChild(el("span", null, "Prøv i stedet: "));
        instead.appendChild(el("span", "quote", "»" + (s.instead || "") + "«"));
        item.appendChild(said);
        item.appendChild(instead);
        if (s.why) { item.appendChild(el("p", "why", s.why)); }
        list.appendChild(item);
      });
      li.appendChild(list);
    }
    var scoring = isObject(feedback.scoring) ? textList(feedback.scoring.rules) : [];
    if (scoring.length) {
      var how = el("details", "scoring");
      how.appendChild(el("summary", null, "Sådan regnes point"));
      var rules = el("ul", "scoring-rules");
      scoring.forEach(function (t) { rules.appendChild(el("li", null, t)); });
      how.appendChild(rules);
      li.appendChild(how);
    }
    if (text) {
      var details = el("details", "as-text");
      details.appendChild(el("summary", null, "Vis feedbacken som tekst"));
      details.appendChild(el("p", "feedback-text", text));
      li.appendChild(details);
    }
    return li;
  }

  function addEntry(entry) {
    state.log.push(entry);
    showEntry(entry);
  }

  // --- payloads ------------------------------------------------------------------------
  /* A live-coaching line comes as a text with a practice payload {"speaker": "coach", "coding"}
     right after it: shown as one small "Coaching" note, not as a guide message. */
  function isCoach(item) {
    return isObject(item) && item.type === "practice" && isObject(item.practice) && item.practice.speaker === "coach";
  }
  function addCoaching(text) {
    // Right after the trainee's line it is about (the citizen's reply came first).
    var entry = { type: "coaching", text: text };
    var at = state.log.map(function (e) { return e.type; }).lastIndexOf("user");
    state.log.splice(at + 1, 0, entry);
    var node = bubble("coach", "Coaching", text);
    var users = els.messages.querySelectorAll(".msg.user");
    var anchor = users.length ? users[users.length - 1] : null;
    if (anchor && anchor.nextSibling) { els.messages.insertBefore(node, anchor.nextSibling); }
  }
  function applyPractice(p) {
    var before = state.practice || {};
    state.practice = { case: p.case || before.case || null, active: p.active !== false,
      briefing: isObject(p.briefing) ? p.briefing : (before.briefing || null),
      coaching: typeof p.coaching === "boolean" ? p.coaching : !!before.coaching };
  }

  function applyItems(items) {
    var pendingCitizen = false;
    var firstNew = els.messages.lastElementChild;
    items = Array.isArray(items) ? items : [];
    items.forEach(function (item, index) {
      if (!isObject(item)) { return; }
      if (item.type === "text" && typeof item.text === "string" && isCoach(items[index + 1])) {
        addCoaching(item.text);
      } else if (item.type === "text" && typeof item.text === "string") {
        var entry = { type: "text", speaker: item.speaker === "borger" ? "borger" : "guide", text: item.text };
        if (entry.speaker === "borger") { entry.name = citizenName(); pendingCitizen = true; }
        addEntry(entry);
      } else if (item.type === "guide" && isObject(item.guide)) {
        applyGuide(item.guide);
        if (Array.isArray(item.guide.choices) && item.guide.choices.length) {
          addEntry({ type: "choices", choices: item.guide.choices.filter(isObject).slice(0, 3), used: false });
        }
      } else if (item.type === "plan" && isObject(item.plan)) {
        state.plan = item.plan;
        renderPlan();
      } else if (item.type === "course" && isObject(item.course)) {
        // The course panel (course.js) draws it and keeps its ticks.
        document.dispatchEvent(new CustomEvent("samtaleguide:course", { detail: item.course }));
      } else if (item.type === "practice" && isObject(item.practice)) {
        applyPractice(item.practice);
        renderPractice();
        renderTitle();  // a random citizen's name is known from here on
      } else if (item.type === "feedback" && isObject(item.feedback)) {
        addEntry({ type: "feedback", feedback: item.feedback, text: typeof item.text === "string" ? item.text : null });
        if (state.practice) { state.practice.active = false; renderPractice(); }
      }
    });
    if (pendingCitizen) { renderPractice(); }
    scrollToReply(firstNew);
    save();
  }

  // A long reply is read from its first line: show its start rather than its end.
  function scrollToReply(before) {
    var first = before ? before.nextElementSibling : els.messages.firstElementChild;
    if (!first) { scrollDown(); return; }
    var top = first.offsetTop - els.messages.offsetTop - 8;
    var bottom = els.messages.scrollHeight - els.messages.clientHeight;
    els.messages.scrollTop = Math.max(0, Math.min(top, bottom));
  }

  function stepOrNull(value) {
    var n = Number(value);
    return value !== null && value !== undefined && n >= 1 && n <= 9 ? n : null;
  }
  function stepList(value) {
    return Array.isArray(value) ? value.map(Number).filter(function (v) { return v >= 1 && v <= 9; }) : null;
  }

  /* The guide's payload is the one source for the step model: the current step (the same as
     "hvor er vi?"), the visited steps, the next step in order. Only the clock runs here between
     replies, with the same rules (bot.guide.session.suggest_next) for timeout and closure. */
  function applyGuide(g) {
    var now = Date.now();
    var elapsed = Number(g.elapsed_min);
    var started = g.started !== false;
    if (g.ended) {
      if (state.endedMs === null || state.endedMs === undefined) {
        var local = state.startedAt ? now - state.startedAt : null;
        var agrees = local !== null && isFinite(elapsed) && Math.floor(local / 60000) === elapsed;
        state.endedMs = agrees ? local : (isFinite(elapsed) && elapsed >= 0 ? elapsed * 60000 : (local || 0));
      }
    } else if (started && isFinite(elapsed) && elapsed >= 0) {
      state.endedMs = null;
      var ours = state.startedAt ? Math.floor((now - state.startedAt) / 60000) : null;
      if (ours === null || ours !== elapsed) { state.startedAt = now - elapsed * 60000; }
    }
    var since = Number(g.since_timeout_min);
    if (g.timeout_taken && isFinite(since) && since >= 0) { state.lastTimeoutAt = now - since * 60000; }
    else if (g.timeout_taken === false) { state.lastTimeoutAt = null; }
    else if (!("timeout_taken" in g) && (Number(g.step) === TIMEOUT_STEP || g.tool === "timeout")) { state.lastTimeoutAt = now; }
    var current = "current_step" in g ? stepOrNull(g.current_step) : stepOrNull(g.step);
    var visited = stepList(g.visited) || [];
    var unvisited = stepList(g.unvisited);
    state.guide = {
      step: current,
      shown: stepOrNull(g.step),
      tool: typeof g.tool === "string" ? g.tool : null,
      visited: visited,
      unvisited: unvisited || [1, 2, 3, 4, 5, 6, 7, 8, 9].filter(function (n) { return visited.indexOf(n) === -1; }),
      nextInOrder: "next_step" in g ? stepOrNull(g.next_step) : (current === null ? 1 : current >= 9 ? null : current + 1),
      ended: !!g.ended,
      booked_min: Number(g.booked_min) > 0 ? Number(g.booked_min) : bookedMin()
    };
    renderSteps();
    tick();
  }

  // --- the clock (mirrors bot.guide.session.suggest_next) ------------------------------
  function bookedMin() {
    if (state.guide && state.guide.booked_min) { return state.guide.booked_min; }
    if (state.conversation && state.conversation.booked_min) { return state.conversation.booked_min; }
    return data.defaultBookedMin;
  }
  function elapsedMs() {
    if (state.endedMs !== null && state.endedMs !== undefined) { return state.endedMs; }  // the clock stopped
    return state.startedAt ? Math.max(0, Date.now() - state.startedAt) : 0;
  }
  function running() { return !!state.startedAt && (state.endedMs === null || state.endedMs === undefined); }
  function elapsedMin() { return Math.floor(elapsedMs() / 60000); }
  function remainingMin() { return bookedMin() - elapsedMin(); }
  function minutesSinceTimeout() {
    var ref = state.lastTimeoutAt || state.startedAt;
    return ref ? Math.floor((Date.now() - ref) / 60000) : 0;
  }
  // Mirrors bot.guide.session.suggest_next; the order itself comes from the payload.
  function suggestion() {
    var g = state.guide;
    var current = g ? g.step : null;
    if (running() && current !== CLOSURE_STEP && remainingMin() <= data.closureMarginMin) {
      return { step: CLOSURE_STEP, reason: "closure" };
    }
    if (running() && current !== null && current !== TIMEOUT_STEP && current !== CLOSURE_STEP &&
        minutesSinceTimeout() >= data.timeoutIntervalMin) {
      return { step: TIMEOUT_STEP, reason: "timeout" };
    }
    var next = g ? g.nextInOrder : 1;
    return next ? { step: next, reason: "order" } : { step: null, reason: "finished" };
  }

  function tick() {
    var guideConversation = state.conversation && state.conversation.kind === "guide";
    if (!state.startedAt) {
      els.clockTime.textContent = "--:--";
      els.clockBooked.textContent = "";
      els.clockLeft.textContent = state.conversation ? (guideConversation ? "Uret starter med samtalen" : "Øvelse") : "Ingen samtale i gang";
      els.clockWarning.hidden = true;
      els.clock.className = "clock";
      return;
    }
    var ms = elapsedMs();
    var minutes = Math.floor(ms / 60000), seconds = Math.floor(ms / 1000) % 60;
    els.clockTime.textContent = String(minutes).padStart(2, "0") + ":" + String(seconds).padStart(2, "0");
    els.clockBooked.textContent = "af " + bookedMin() + " min";
    var left = remainingMin();
    if (!running()) {
      els.clockLeft.textContent = "Samtalen er afsluttet";
      els.clockWarning.hidden = true;
      els.clock.className = "clock stopped";
      renderHint(suggestion());
      return;
    }
    els.clockLeft.textContent = left >= 0 ? left + " min tilbage" : (-left) + " min over tiden";
    var s = suggestion();
    var classes = ["clock"];
    var warning = "";
    if (s.reason === "closure") {
      classes.push("warn-closure");
      warning = left > 0 ? "Tid til afslutning (trin 9)" : "Tiden er gået – rund af (trin 9)";
    } else if (s.reason === "timeout") {
      classes.push("warn-timeout");
      warning = minutesSinceTimeout() + " min uden timeout – tag en timeout";
    }
    if (left < 0) { classes.push("overtime"); }
    els.clock.className = classes.join(" ");
    els.clockWarning.textContent = warning;
    els.clockWarning.hidden = !warning;
    renderHint(s);
  }

  // --- checklist -----------------------------------------------------------------------
  function renderSteps() {
    var g = state.guide;
    var visited = g ? g.visited : [];
    var current = g ? g.step : null;
    var next = g && !g.ended ? suggestion().step : null;
    Array.prototype.forEach.call(els.steps.querySelectorAll("li"), function (li) {
      var n = Number(li.getAttribute("data-step"));
      var isVisited = visited.indexOf(n) !== -1;
      li.classList.toggle("visited", isVisited);
      li.classList.toggle("current", n === current);
      li.classList.toggle("next", n === next && n !== current);
      if (n === current) { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
      var words = [];
      if (n === current) { words.push("nu"); }
      if (isVisited) { words.push("besøgt"); }
      if (n === next && n !== current) { words.push("foreslået næste"); }
      li.querySelector(".state").textContent = words.length ? " (" + words.join(", ") + ")" : "";
      li.title = "Trin " + n + " – " + stepTitle(n) + li.querySelector(".state").textContent;
    });
    renderHint(suggestion());
  }

  function renderHint(s) {
    if (!state.guide) {
      els.stepHint.textContent = state.conversation && state.conversation.kind === "practice"
        ? "Trinene følger guiden, når du spørger den under øvelsen." : "Start en samtale for at følge trinene.";
      return;
    }
    clear(els.stepHint);
    var current = state.guide.step;
    if (state.guide.ended) {
      els.stepHint.appendChild(el("span", null, "Samtalen er afsluttet. "));
    } else if (current) {
      els.stepHint.appendChild(el("span", null, "Nu: "));
      els.stepHint.appendChild(el("strong", "hint-current", "Trin " + current + " – " + stepTitle(current)));
      els.stepHint.appendChild(el("span", null, ". "));
    }
    var unvisited = state.guide.unvisited || [];
    if (s.step && !state.guide.ended) {
      var why = s.reason === "timeout" ? " (tid til en timeout)" : s.reason === "closure" ? " (tiden er ved at løbe ud)" : "";
      els.stepHint.appendChild(el("span", null, "Foreslået næste: "));
      els.stepHint.appendChild(el("strong", "hint-next", "Trin " + s.step + " – " + stepTitle(s.step)));
      els.stepHint.appendChild(el("span", null, why));
    } else if (!unvisited.length) {
      els.stepHint.appendChild(el("span", null, "Alle ni trin er gennemgået."));
    } else {
      // Honest about what was left out: never "all done" unless all nine were visited.
      els.stepHint.appendChild(el("span", "hint-missing", "Ikke besøgt: trin " + danishList(unvisited) + "."));
    }
    // The suggested step can change as time passes (timeout, closure): keep the list in step.
    var nextLi = els.steps.querySelector("li.next");
    var wanted = s.step && s.step !== current && !state.guide.ended ? String(s.step) : null;
    if ((nextLi ? nextLi.getAttribute("data-step") : null) !== wanted) { renderSteps(); }
  }

  // --- plan panels ---------------------------------------------------------------------
  function renderPlan() {
    var p = state.plan;
    clear(els.contract);
    if (!p) {
      els.contract.appendChild(el("p", "empty", "Ingen kontrakt endnu."));
      clear(els.agreements); els.agreementsEmpty.hidden = false;
      clear(els.scaling); els.scalingEmpty.hidden = false;
      renderJobs({});
      els.planLinks.hidden = true;
      return;
    }
    if (isObject(p.contract)) {
      var dl = el("dl", "contract");
      [["Vi taler om", p.contract.about], ["Målet er", p.contract.goal], ["Sådan gør vi", p.contract.how]].forEach(function (row) {
        dl.appendChild(el("dt", null, row[0]));
        dl.appendChild(el("dd", null, row[1] || "–"));
      });
      els.contract.appendChild(dl);
    } else {
      els.contract.appendChild(el("p", "empty", "Ingen kontrakt endnu."));
    }

    clear(els.agreements);
    var agreements = Array.isArray(p.agreements) ? p.agreements.filter(isObject) : [];
    agreements.forEach(function (a) {
      var li = el("li", "agreement status-" + (STATUS[a.status] ? a.status : "open"));
      li.setAttribute("data-agreement", String(a.id == null ? "" : a.id));
      li.appendChild(el("div", "text", a.text || ""));
      var meta = el("div", "meta");
      if (a.owner) { meta.appendChild(el("span", "owner", (OWNERS[a.owner] || a.owner) + " · ")); }
      meta.appendChild(el("span", null, "frist: "));
      meta.appendChild(el("span", "deadline", a.deadline ? danishDate(a.deadline) : "ingen dato"));
      meta.appendChild(el("span", null, " · "));
      meta.appendChild(el("span", "status status-" + (STATUS[a.status] ? a.status : "open"), STATUS[a.status] || STATUS.open));
      if (typeof a.status_note === "string" && a.status_note) { meta.appendChild(el("span", "status-note", " – " + a.status_note)); }
      meta.appendChild(el("span", null, " "));
      var smart = el("span", "smart");
      smart.setAttribute("aria-label", "SMART");
      var flags = isObject(a.smart) ? a.smart : {};
      SMART.forEach(function (part) {
        var ok = flags[part[1]];
        var chip = el("span", "smart-part " + (ok === true ? "ok" : ok === false ? "no" : "unknown"), part[0]);
        chip.title = part[2] + ": " + (ok === true ? "ja" : ok === false ? "nej" : "ukendt");
        smart.appendChild(chip);
      });
      meta.appendChild(smart);
      li.appendChild(meta);
      if (Array.isArray(a.missing) && a.missing.length) {
        li.appendChild(el("div", "missing", "Mangler: " + a.missing.map(function (m) { return MISSING[m] || m; }).join(", ")));
      }
      els.agreements.appendChild(li);
    });
    els.agreementsEmpty.hidden = agreements.length > 0;

    clear(els.scaling);
    var readings = Array.isArray(p.scaling) ? p.scaling.filter(isObject) : [];
    readings.slice().reverse().forEach(function (r) {
      var kind = SCALING[r.kind] ? r.kind : "importance";
      var li = el("li", "reading " + kind);
      li.appendChild(el("span", "kind", SCALING[kind] + " "));
      li.appendChild(el("span", "value", String(r.value) + "/10"));
      if (r.at) { li.appendChild(el("span", "time", " · kl. " + clockText(r.at))); }
      var bar = el("span", "bar");
      var fill = el("span");
      var value = Math.max(0, Math.min(10, Number(r.value) || 0));
      fill.style.width = (value * 10) + "%";
      bar.appendChild(fill);
      li.appendChild(bar);
      if (r.reason) { li.appendChild(el("div", "reason", r.reason)); }
      els.scaling.appendChild(li);
    });
    els.scalingEmpty.hidden = readings.length > 0;
    renderJobs(isObject(p.jobs) ? p.jobs : {});

    if (data.canSeePlans && p.citizen_ref) {
      var base = "/plan/" + encodeURIComponent(p.citizen_ref);
      els.planLink.href = base;
      els.planPdf.href = base + "/pdf";
      els.planLinks.hidden = false;
    }
  }

  function renderJobs(jobs) {
    Array.prototype.forEach.call(els.jobs.querySelectorAll("dd"), function (dd) {
      dd.textContent = jobs[dd.getAttribute("data-level")] || "–";
    });
  }

  // --- practice ------------------------------------------------------------------------
  function renderPractice() {
    var inPractice = state.conversation && state.conversation.kind === "practice";
    var active = inPractice && (!state.practice || state.practice.active !== false);
    els.practicePanel.hidden = !inPractice;
    Array.prototype.forEach.call(document.querySelectorAll(".quick-action.guide-only"), function (b) { b.hidden = inPractice; });
    els.endPractice.hidden = !active;
    $("end-practice-side").hidden = !active;
    if (inPractice) {
      els.practiceStatus.textContent = active
        ? "Øvelse med " + citizenName() + " i gang. Tal med borgeren, som du ville i en rigtig samtale."
        : "Øvelsen med " + citizenName() + " er slut. Start en ny øvelse i panelet »Start«.";
    }
    var practice = state.practice || {};
    els.coachingToggle.checked = !!practice.coaching;
    els.coachingToggle.disabled = !active || busy || down;
    renderBriefing(inPractice ? practice.briefing : null);
  }

  function fillList(list, items) {
    clear(list);
    (Array.isArray(items) ? items : []).forEach(function (text) {
      if (typeof text === "string") { list.appendChild(el("li", null, text)); }
    });
  }

  /* The case card from the practice start: who, what was booked and why, what is on file, and
     the handbook's preparation points for the case. */
  function renderBriefing(card) {
    els.briefing.hidden = !isObject(card);
    if (!isObject(card)) { return; }
    els.briefingWho.textContent = [card.name, card.age ? card.age + " år" : null].filter(Boolean).join(", ") +
      (card.summary ? " – " + card.summary : "");
    els.briefingBooked.textContent = [card.booked, card.why].filter(function (t) { return typeof t === "string"; }).join(" ");
    fillList(els.briefingFile, card.on_file);
    fillList(els.briefingPreparation, card.preparation);
  }

  // --- header of the chat --------------------------------------------------------------
  function renderTitle() {
    var c = state.conversation;
    if (!c) {
      els.title.textContent = "Ingen samtale endnu";
      els.sub.textContent = "Start en samtale eller en øvelse i panelet »Start«.";
      return;
    }
    if (c.kind === "practice") {
      els.title.textContent = "Øvelse med " + citizenName();
      els.sub.textContent = "Borgerens svar står med lilla.";
    } else {
      els.title.textContent = "Samtale med " + (c.citizen_ref || "borger");
      var topic = document.querySelector('#topic option[value="' + CSS.escape(c.topic || "") + '"]');
      els.sub.textContent = [topic ? topic.textContent : null, c.booked_min ? c.booked_min + " min" : null]
        .filter(Boolean).join(" · ");
      document.title = (c.citizen_ref ? c.citizen_ref + " – " : "") + "Samtaleguide";
    }
  }

  // --- talking to the web app ---------------------------------------------------------
  function postJson(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        return { status: res.status, ok: res.ok, json: json || {} };
      });
    }, function () {
      return { status: 0, ok: false, json: { code: "unavailable", error: "Samtaleguide svarer ikke lige nu. Din tekst er gemt i feltet – prøv igen om lidt." } };
    });
  }

  function showError(node, message) {
    node.textContent = message;
    node.hidden = !message;
  }

  function handleFailure(result, errorNode) {
    var json = result.json || {};
    if (result.status === 503 || result.status === 0 || json.code === "unavailable") {
      setDown(json.error || "Guiden svarer ikke lige nu.");
      showError(errorNode, "");
      return;
    }
    if (result.status === 401) {
      showError(errorNode, json.error || "Du er logget ud. Genindlæs siden og log ind igen.");
      return;
    }
    showError(errorNode, json.error || "Der gik noget galt. Prøv igen.");
  }

  function setBusy(value) {
    busy = value;
    els.send.disabled = value || down;
    Array.prototype.forEach.call(document.querySelectorAll(".quick-action"), function (b) { b.disabled = value || down; });
    if (els.coachingToggle) { els.coachingToggle.disabled = value || down || !(state.practice && state.practice.active !== false); }
    var thinking = $("thinking");
    if (value && !thinking) {
      thinking = el("li", "msg thinking", "Guiden tænker …");
      thinking.id = "thinking";
      els.messages.appendChild(thinking);
      scrollDown();
    } else if (!value && thinking) {
      thinking.remove();
    }
  }

  function sendMessage(text, fromInput) {
    if (busy) { return; }
    text = text.replace(/\s+$/, "");
    if (!text.trim()) { showError(els.error, "Skriv en besked først."); return; }
    if (codePoints(text) > data.maxChars) {
      showError(els.error, "Beskeden er for lang (" + codePoints(text) + " tegn). Skriv højst " + data.maxChars + " tegn ad gangen.");
      return;
    }
    if (!state.conversation) {
      showError(els.error, "Start en samtale eller en øvelse først (panelet »Start«).");
      els.startPanel.open = true;
      return;
    }
    showError(els.error, "");
    retireChoices();
    var userBubble = bubble("user pending", "Dig", text);
    if (fromInput) { els.input.value = ""; updateCounter(); }
    scrollDown();
    setBusy(true);
    postJson("/api/message", { conversation: state.conversation.id, message: text }).then(function (result) {
      setBusy(false);
      if (result.ok) {
        userBubble.classList.remove("pending");
        state.log.push({ type: "user", text: text });
        applyItems(result.json.items);
        if (!result.json.items || !result.json.items.length) {
          addEntry({ type: "note", text: "Guiden havde ikke noget svar på det." });
          save();
        }
      } else {
        userBubble.remove();
        if (fromInput) {
          // Keep what was typed: put it back (before anything typed meanwhile).
          els.input.value = els.input.value ? text + "\n" + els.input.value : text;
          updateCounter();
        }
        handleFailure(result, els.error);
      }
    });
  }

  function startConversation(body, errorNode) {
    if (busy) { return; }
    showError(errorNode, "");
    setBusy(true);
    postJson("/api/conversations", body).then(function (result) {
      setBusy(false);
      if (!result.ok) { handleFailure(result, errorNode); return; }
      var conversation = result.json.conversation;
      document.dispatchEvent(new CustomEvent("samtaleguide:conversation", { detail: conversation }));
      state = freshState(conversation);
      data.conversation = conversation;
      clear(els.messages);
      if (conversation.kind === "guide") { state.startedAt = Date.now(); }
      else { state.practice = { case: conversation.case, active: true }; }
      try { history.pushState(null, "", result.json.url); } catch (e) { /* ignore */ }
      state.log.push({ type: "user", text: result.json.message });
      showEntry({ type: "user", text: result.json.message });
      renderAll();
      applyItems(result.json.items);
      els.startPanel.open = false;
      els.input.focus();
    });
  }

  // --- health: the banner and recovery --------------------------------------------------
  function setDown(message) {
    down = true;
    els.banner.classList.remove("recovered");
    els.bannerText.textContent = message || "Guiden svarer ikke lige nu …";
    els.banner.hidden = false;
    els.retry.hidden = false;
    document.body.classList.add("has-banner");
    setBusy(busy);
    if (!healthTimer) { healthTimer = setInterval(checkHealth, HEALTH_POLL_MS); }
  }

  function setUp() {
    var wasDown = down;
    down = false;
    if (healthTimer) { clearInterval(healthTimer); healthTimer = null; }
    setBusy(busy);
    if (wasDown) {
      els.banner.classList.add("recovered");
      els.bannerText.textContent = "Guiden svarer igen. Tryk Enter for at sende din tekst.";
      els.retry.hidden = true;
      setTimeout(function () {
        if (!down) { els.banner.hidden = true; document.body.classList.remove("has-banner"); }
      }, 4000);
    }
  }

  function checkHealth() {
    return fetch("/api/health", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (res) {
        if (res.status === 401) { setDown("Du er logget ud. Genindlæs siden og log ind igen."); return; }
        return res.json().then(function (json) {
          if (json.ok) { setUp(); } else { setDown(json.message); }
        });
      }, function () { setDown("Samtaleguide svarer ikke lige nu. Din tekst er gemt i feltet – prøv igen om lidt."); })
      .catch(function () { /* keep polling */ });
  }

  // --- input, keyboard ----------------------------------------------------------------
  function updateCounter() {
    var n = codePoints(els.input.value);
    els.counter.textContent = n + "/" + data.maxChars;
    els.counter.classList.toggle("over", n > data.maxChars);
  }

  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendMessage(els.input.value, true);
  });
  els.input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (!down) { sendMessage(els.input.value, true); }
    }
  });
  els.input.addEventListener("input", function () { updateCounter(); if (!els.error.hidden) { showError(els.error, ""); } });

  var quickByCode = {};
  Array.prototype.forEach.call(document.querySelectorAll(".quick-action"), function (button) {
    button.addEventListener("click", function () { sendMessage(button.getAttribute("data-message"), false); });
    var m = /\(Alt\+([A-Z])\)/.exec(button.title || "");
    if (m) { quickByCode["Key" + m[1]] = button; }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT" || target.isContentEditable);
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K")) {
      event.preventDefault();
      els.input.focus();
    } else if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      els.input.focus();
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && quickByCode[event.code]) {
      event.preventDefault();
      if (!quickByCode[event.code].disabled) { quickByCode[event.code].click(); }
    }
  });

  els.retry.addEventListener("click", function () { checkHealth(); });

  $("start-guide").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    startConversation({
      kind: "guide", citizen_ref: form.citizen_ref.value.trim(), topic: form.topic.value,
      booked_min: Number(form.booked_min.value), course_type: form.course_type.value,
      joint: form.joint.checked, week: form.week.value.trim()
    }, $("start-guide-error"));
  });
  els.coachingToggle.addEventListener("change", function () {
    // The same exact command a trainee can type; the reply's payload sets the box again.
    var wanted = els.coachingToggle.checked;
    els.coachingToggle.checked = !wanted;
    sendMessage(wanted ? "coaching til" : "coaching fra", false);
  });

  $("start-practice").addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = event.target.querySelector('input[name="case"]:checked');
    startConversation({ kind: "practice", case: chosen ? chosen.value : "" }, $("start-practice-error"));
  });

  window.addEventListener("popstate", function () { window.location.reload(); });
  var logout = document.querySelector('form[action="/logout"]');
  if (logout) {
    // What was said stays on this machine only until the user logs out.
    logout.addEventListener("submit", function () { try { sessionStorage.clear(); } catch (e) { /* ignore */ } });
  }

  // --- start ---------------------------------------------------------------------------
  function renderAll() {
    renderTitle();
    renderSteps();
    renderPlan();
    renderPractice();
    tick();
  }

  restore();
  if (isObject(data.plan)) { state.plan = data.plan; }  // the stored plan is the truth
  clear(els.messages);
  if (state.conversation) {
    state.log.forEach(showEntry);
    if (!state.log.length) {
      showEntry({ type: "note", text: "Samtalen fortsætter her. (Tidligere beskeder vises kun i det faneblad, hvor de blev skrevet.)" });
    }
  } else {
    showEntry({ type: "note", text: "Start en ny samtale eller en øvelse i panelet »Start«. Skriv derefter til guiden her." });
  }
  renderAll();
  updateCounter();
  scrollDown();
  setInterval(tick, 1000);
  checkHealth();
  if (state.conversation) { els.input.focus(); } else if (window.innerWidth > 820) { $("citizen-ref").focus(); }
})();
