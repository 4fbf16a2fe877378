/* Samtaleguide cockpit: the panel "Samtalen i forløbet" – the conversation's type, the week of
 * unemployment, focus and homework as checklists, and for a fællessamtale the agenda, who brings
 * what and the shared plan. cockpit.js hands over each {"course": {...}} payload as the event
 * "samtaleguide:course"; the ticks are kept per conversation in this tab (sessionStorage), like
 * the chat. Text goes in with textContent only.
 */
(function () {
  "use strict";

  var panel = document.getElementById("course-panel");
  var root = document.getElementById("course");
  if (!panel || !root) { return; }

  function conversationId() {
    var m = /^\/samtale\/([0-9a-f]{32})$/.exec(window.location.pathname);
    return m ? m[1] : null;
  }
  function key() { var id = conversationId(); return id ? "samtaleguide-course:" + id : null; }
  function load() {
    try { return JSON.parse(sessionStorage.getItem(key()) || "null"); } catch (e) { return null; }
  }
  function store(saved) {
    if (!key()) { return; }
    try { sessionStorage.setItem(key(), JSON.stringify(saved)); } catch (e) { /* the panel still works */ }
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function texts(list) { return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : []; }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  var saved = null;

  function checklist(title, group, items) {
    if (!items.length) { return null; }
    var box = el("div", "course-block");
    box.appendChild(el("h3", null, title));
    var ul = el("ul", "checklist");
    ul.setAttribute("data-group", group);
    items.forEach(function (item, index) {
      var id = group + "-" + index;
      var li = el("li");
      var label = el("label");
      var tick = el("input");
      tick.type = "checkbox";
      tick.setAttribute("data-check", id);
      tick.checked = Boolean(saved.ticks[id]);
      tick.addEventListener("change", function () { saved.ticks[id] = tick.checked; store(saved); });
      label.appendChild(tick);
      if (isObject(item)) {
        label.appendChild(el("strong", null, " " + item.title + ": "));
        label.appendChild(document.createTextNode(item.text));
      } else {
        label.appendChild(document.createTextNode(" " + item));
      }
      li.appendChild(label);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function list(title, items) {
    if (!items.length) { return null; }
    var box = el("div", "course-block");
    box.appendChild(el("h3", null, title));
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", null, item)); });
    box.appendChild(ul);
    return box;
  }

  function roles(items) {
    if (!items.length) { return null; }
    var box = el("div", "course-block");
    box.appendChild(el("h3", null, "Hvem bidrager med hvad"));
    var dl = el("dl", "roles");
    items.forEach(function (role) {
      dl.appendChild(el("dt", null, role.who));
      dl.appendChild(el("dd", null, texts(role.does).join(" ")));
    });
    box.appendChild(dl);
    return box;
  }

  function render() {
    while (root.firstChild) { root.removeChild(root.firstChild); }
    var c = saved && saved.course;
    panel.hidden = !c;
    if (!c) { return; }
    var head = el("p", "course-title");
    head.appendChild(el("strong", null, c.title || "Samtale"));
    if (c.proposed) { head.appendChild(el("span", "badge", "forslag")); }
    if (c.joint) { head.appendChild(el("span", "badge joint", "fællessamtale")); }
    root.appendChild(head);
    if (c.when) { root.appendChild(el("p", "course-when", (c.who ? c.who + " · " : "") + c.when)); }
    if (c.week) {
      var due = Array.isArray(c.due) ? c.due.filter(isObject).map(function (d) { return d.title; }) : [];
      root.appendChild(el("p", "course-week", c.week + ". ledighedsuge" + (due.length ? " – tid til: " + due.join(", ") : "")));
    }
    if (c.proposed) {
      root.appendChild(el("p", "course-hint", "Forkert? Skriv fx »det er 3. samtale« eller »det er cv-samtalen«."));
    }
    var agenda = Array.isArray(c.agenda) ? c.agenda.filter(isObject) : [];
    var followUp = isObject(c.follow_up) ? c.follow_up : null;
    [
      checklist("Dagsorden", "agenda", agenda),
      followUp ? checklist("Følg op: hjemmeopgaven fra " + String(followUp.title).toLowerCase(), "followup", texts(followUp.homework)) : null,
      checklist("Fokus", "focus", texts(c.focus)),
      list("Borgeren forbereder sig", texts(c.prepare)),
      list("Hjemmeopgave til borgeren", texts(c.homework)),
      roles(Array.isArray(c.roles) ? c.roles.filter(isObject) : []),
      checklist("Den fælles plan", "plan", texts(c.plan))
    ].forEach(function (block) { if (block) { root.appendChild(block); } });
    if (c.source) { root.appendChild(el("p", "course-source", "Kilde: " + c.source)); }
  }

  document.addEventListener("samtaleguide:course", function (event) {
    var course = event.detail;
    var same = saved && saved.course && saved.course.type === course.type && saved.course.joint === course.joint;
    saved = { course: course, ticks: same ? saved.ticks : {} };
    store(saved);
    render();
  });
  document.addEventListener("samtaleguide:conversation", function () {
    saved = null;  // a new conversation: its own course arrives with the first reply
    render();
  });

  saved = key() ? load() : null;
  if (saved && !isObject(saved.ticks)) { saved.ticks = {}; }
  render();
})();
