/* grader serve: the self-check page's behaviour. No library, no inline script (the page's
   Content-Security-Policy forbids it); every text from the server is set with textContent,
   never parsed as HTML. The data block #grader-data carries the messages and verdict names. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("grader-data").textContent);
  var M = data.messages;
  var READ_DELAY = 350;
  var TRUNCATED = /\u2026 \[[\d,]+ more characters\]$/;

  function api(name) {
    return "api/" + name + "?lang=" + encodeURIComponent(data.lang);
  }

  function fmt(template, params) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole;
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  function post(name, body, type) {
    return fetch(api(name), {
      method: "POST",
      headers: { "Content-Type": type },
      body: body,
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      return response.json().then(function (json) {
        return { status: response.status, body: json };
      });
    });
  }

  function postJSON(name, body) {
    return post(name, JSON.stringify(body), "application/json");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function errorText(body) {
    if (body && body.error && typeof body.error === "object") return body.error.message;
    if (body && typeof body.error === "string") return body.error;
    return M.unreachable;
  }

  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-path]"));
  var byPath = {};
  fields.forEach(function (field) { byPath[field.getAttribute("data-path")] = field; });
  var studentId = document.getElementById("student-id");
  var studentName = document.getElementById("student-name");

  function currentId() {
    var value = studentId.value.trim();
    return value === "" ? null : value;
  }

  /* ------------------------------------------------ how each field is read, as it is typed */

  function showRead(out, state, text) {
    out.className = "read" + (state ? " " + state : "");
    out.textContent = text || "";
  }

  fields.forEach(function (field) {
    if (field.getAttribute("data-kind") === "essay") return;
    var out = field.parentNode.querySelector("output.read");
    var sequence = 0;
    var read = debounce(function () {
      var text = field.value;
      var mine = ++sequence;
      if (text.trim() === "") { showRead(out, "", ""); return; }
      showRead(out, "pending", "…");
      postJSON("read", { path: field.getAttribute("data-path"), text: text,
                         student_id: currentId() })
        .then(function (result) {
          if (mine !== sequence) return;
          var body = result.body;
          if (result.status !== 200 || body.error) {
            showRead(out, "error", errorText(body));
          } else if (body.read_as !== null && body.read_as !== undefined) {
            showRead(out, "ok", fmt(M.read_as, { value: body.read_as }));
          } else {
            showRead(out, "", "");
          }
        }, function () {
          if (mine === sequence) showRead(out, "error", M.unreachable);
        });
    }, READ_DELAY);
    field.addEventListener("input", read);
  });

  /* ------------------------------------------- a personal assignment's parameters, by id */

  var parameters = document.getElementById("parameters");
  if (parameters) {
    var list = parameters.querySelector("ul");
    var paramSequence = 0;
    studentId.addEventListener("input", debounce(function () {
      var mine = ++paramSequence;
      list.textContent = "";
      parameters.classList.remove("shown");
      var id = currentId();
      if (id === null) return;
      postJSON("parameters", { student_id: id }).then(function (result) {
        if (mine !== paramSequence) return;
        if (result.status !== 200) {
          list.appendChild(el("li", "error", errorText(result.body)));
        } else {
          result.body.parameters.forEach(function (line) { list.appendChild(el("li", "", line)); });
        }
        parameters.classList.add("shown");
      }, function () { list.appendChild(el("li", "error", M.unreachable)); });
    }, READ_DELAY));
  }

  /* ------------------------------------------------------------ the YAML a form becomes */

  // A JSON string is a YAML double-quoted scalar; what YAML would still read as a line
  // break or a byte-order mark is escaped too.
  function quote(text) {
    return JSON.stringify(String(text)).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g,
      function (c) { return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  function key(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quote(name);
  }

  function formYaml() {
    var tree = {};
    var order = [];
    fields.forEach(function (field) {
      var value = field.value;
      if (value.trim() === "") return;
      var parts = field.getAttribute("data-path").split(".");
      var node = tree;
      for (var i = 0; i < parts.length - 1; i++) {
        if (!Object.prototype.hasOwnProperty.call(node, parts[i])) node[parts[i]] = {};
        node = node[parts[i]];
      }
      node[parts[parts.length - 1]] = value;
      order.push(parts[0]);
    });
    var lines = ["assignment: " + quote(data.rubric)];
    var id = studentId.value.trim();
    var name = studentName.value.trim();
    if (id !== "" || name !== "") {
      lines.push("student: {id: " + quote(id) + ", name: " + quote(name) + "}");
    }
    function walk(node, indent) {
      Object.keys(node).forEach(function (name) {
        var value = node[name];
        if (typeof value === "string") {
          lines.push(indent + key(name) + ": " + quote(value));
        } else {
          lines.push(indent + key(name) + ":");
          walk(value, indent + "  ");
        }
      });
    }
    if (order.length === 0) {
      lines.push("answers: {}");
    } else {
      lines.push("answers:");
      walk(tree, "  ");
    }
    return lines.join("\n") + "\n";
  }

  document.getElementById("download").addEventListener("click", function () {
    var blob = new Blob([formYaml()], { type: "application/yaml" });
    var link = document.createElement("a");
    var who = studentId.value.trim().replace(/[^A-Za-z0-9_-]/g, "");
    link.href = URL.createObjectURL(blob);
    link.download = data.rubric + (who ? "-" + who : "") + ".yaml";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  });

  /* ------------------------------------------------------------------------ the report */

  var report = document.getElementById("report");
  var reportBody = document.getElementById("report-body");

  function clearVerdicts() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-verdict-for]"),
      function (node) { node.textContent = ""; node.className = "verdict"; });
  }

  function itemNode(item) {
    var li = el("li", "item v-" + item.verdict);
    var head = el("div", "head");
    head.appendChild(el("code", "path", item.path));
    head.appendChild(el("span", "badge", data.verdicts[item.verdict] || item.verdict));
    if (item.max_score) head.appendChild(el("span", "points", item.score + "/" + item.max_score));
    li.appendChild(head);
    if (item.submitted !== null && item.submitted !== undefined) {
      li.appendChild(el("div", "submitted", item.submitted));
    }
    if (item.read_as !== null && item.read_as !== undefined && item.read_as !== item.submitted) {
      li.appendChild(el("div", "read ok", fmt(M.read_as, { value: item.read_as })));
    }
    if (item.expected !== undefined) li.appendChild(el("div", "expected", "= " + item.expected));
    if (item.diagnoses.length) {
      var ul = el("ul", "diagnoses");
      item.diagnoses.forEach(function (d) {
        var entry = el("li");
        entry.appendChild(el("code", "", d.code));
        entry.appendChild(document.createTextNode(" " + d.message));
        ul.appendChild(entry);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showVerdict(item) {
    var slot = document.querySelector('[data-verdict-for="' + CSS.escape(item.path) + '"]');
    if (!slot) return;
    slot.className = "verdict v-" + item.verdict;
    slot.textContent = (data.verdicts[item.verdict] || item.verdict) +
      (item.max_score ? " " + item.score + "/" + item.max_score : "") +
      item.diagnoses.map(function (d) { return " · " + d.message; }).join("");
  }

  function showReport(json, fill) {
    clearVerdicts();
    reportBody.textContent = "";
    reportBody.appendChild(el("p", "score", fmt(M.score, { score: json.score, max: json.max_score })));
    json.questions.forEach(function (q) {
      var legend = document.querySelector("#q-" + CSS.escape(q.id) + " > legend");
      var section = el("section", "question");
      section.appendChild(el("h3", "", (legend ? legend.textContent : q.id) +
                                       " · " + q.score + "/" + q.max_score));
      var ul = el("ul", "items");
      q.items.forEach(function (item) {
        ul.appendChild(itemNode(item));
        showVerdict(item);
        var field = byPath[item.path];
        if (fill && field && typeof item.submitted === "string" && !TRUNCATED.test(item.submitted)) {
          field.value = item.submitted;
        }
      });
      section.appendChild(ul);
      reportBody.appendChild(section);
    });
    if (json.unknown_fields && json.unknown_fields.length) {
      reportBody.appendChild(el("h3", "", M.unknown_fields));
      var unknown = el("ul", "unknown");
      json.unknown_fields.forEach(function (u) { unknown.appendChild(el("li", "", u.message)); });
      reportBody.appendChild(unknown);
    }
    if (fill && json.student) {
      if (json.student.id) studentId.value = json.student.id;
      if (json.student.name) studentName.value = json.student.name;
    }
    report.setAttribute("data-state", "done");
  }

  function showError(body) {
    clearVerdicts();
    reportBody.textContent = "";
    reportBody.appendChild(el("pre", "error", errorText(body)));
    report.setAttribute("data-state", "error");
  }

  function check(body, fill) {
    report.hidden = false;
    report.setAttribute("data-state", "pending");
    reportBody.textContent = "";
    reportBody.appendChild(el("p", "pending", M.checking));
    post("check", body, "application/yaml").then(function (result) {
      if (result.status === 200) showReport(result.body, fill);
      else showError(result.body);
      report.scrollIntoView({ block: "start" });
    }, function () { showError(null); });
  }

  document.getElementById("answers").addEventListener("submit", function (event) {
    event.preventDefault();
    check(formYaml(), false);
  });

  var yamlText = document.getElementById("yaml-text");
  document.getElementById("yaml-file").addEventListener("change", function (event) {
    var file = event.target.files && event.target.files[0];
    if (!file) return;
    // The file's own bytes are checked (the server says so if they are not UTF-8).
    check(file, true);
    file.text().then(function (text) { yamlText.value = text; });
  });
  document.getElementById("check-file").addEventListener("click", function () {
    if (yamlText.value.trim() !== "") check(yamlText.value, true);
  });

  document.documentElement.setAttribute("data-ready", "1");
})();
