// vanban: the little the forms need beyond HTML. Every form works without it; with it,
// rates, part > whole and the dossier's total show as the user types, and outline and
// table rows can be added, removed, moved and indented.
"use strict";
(function () {
  function num(s) {
    s = (s || "").trim().replace(/\./g, "").replace(/\s/g, "");
    return /^\d+$/.test(s) ? parseInt(s, 10) : null;
  }
  // The same rule as the documents (nd30::percent): one decimal, never rounded to 100%
  // or 0% unless exact.
  function dec(v, places) {
    var t = v.toFixed(places);
    if (t.indexOf(".") >= 0) t = t.replace(/0+$/, "").replace(/\.$/, "");
    return t;
  }
  function pct(part, whole) {
    var v = (part / whole) * 100, t = dec(v, 1);
    if (t === "100" && part !== whole) t = dec(Math.floor(v * 100) / 100, 2);
    else if (t === "0" && part !== 0) {
      var p = 2;
      while (dec(v, p) === "0" && p < 12) p++;
      t = dec(v, p);
    }
    return t.replace(".", ",") + "%";
  }
  function figures(first) {
    var inputs = document.querySelectorAll("input.so");
    var byMa = {};
    inputs.forEach(function (i) { byMa[i.dataset.ma] = i; });
    inputs.forEach(function (i) {
      if (!i.dataset.thuoc) return;
      var whole = byMa[i.dataset.thuoc];
      var part = num(i.value), w = whole ? num(whole.value) : null;
      var out = document.querySelector('output[data-rate-of="' + i.dataset.ma + '"]');
      var err = document.getElementById("loi-" + i.name);
      var bad = part !== null && w !== null && part > w;
      if (out) out.textContent = part !== null && w && !bad ? "= " + pct(part, w) : "";
      // On load, an error the server placed stays until the user changes something.
      var server = err && !err.dataset.live && !err.hidden && err.textContent.trim() !== "";
      if (err && !server && (bad || err.dataset.live)) {
        err.hidden = !bad;
        err.dataset.live = "1";
        err.textContent = bad ? "Lớn hơn «" + i.dataset.thuocTen + "» (" + w + "): sửa một trong hai số." : "";
      }
      i.setAttribute("aria-invalid", bad ? "true" : "false");
    });
  }
  function dossier() {
    var table = document.getElementById("cham-diem");
    if (!table) return;
    var rules = JSON.parse(table.dataset.rules);
    var pts = function (s) {
      s = (s || "").trim().replace(",", ".");
      return s === "" || isNaN(Number(s)) ? null : Math.round(Number(s) * 100);
    };
    var raw = 0, dropped = 0, groups = {}, maxima = {};
    rules.leaves.forEach(function (l) {
      var row = table.querySelector('tr[data-id="' + CSS.escape(l.id) + '"]');
      if (!row) return;
      var kps = row.querySelector('input[type="checkbox"][name$="/kps"]');
      var input = row.querySelector("input.diem");
      var v = pts(input.value) || 0;
      // Over the maximum: said at once, beside the score.
      var over = v > l.max;
      var note = row.querySelector("p.over");
      if (over && !note) {
        note = document.createElement("p");
        note.className = "loi over";
        input.parentNode.appendChild(note);
      }
      if (note) {
        note.hidden = !over;
        note.textContent = over ? "Vượt điểm tối đa (" + String(l.max / 100).replace(".", ",") + ")." : "";
      }
      if (over) { input.setAttribute("aria-invalid", "true"); input.dataset.over = "1"; }
      else if (input.dataset.over === "1") { input.removeAttribute("aria-invalid"); delete input.dataset.over; }
      if (kps && kps.checked) {
        if (l.khong_phat_sinh === "bo") { dropped += l.max; return; }
        if (l.khong_phat_sinh === "toi_da") v = l.max;
      }
      maxima[l.group] = (maxima[l.group] || 0) + l.max;
      raw += v;
      groups[l.group] = (groups[l.group] || 0) + v;
    });
    var total = dropped && rules.full > dropped ? Math.round((raw * rules.full) / (rules.full - dropped)) : raw;
    var adj = function (kind, r) {
      var sum = 0, hit = [];
      document.querySelectorAll('table.adjust[data-kind="' + kind + '"] input.adj').forEach(function (i) {
        var v = pts(i.value);
        if (v === null || v === 0) return;
        var item = r.items.filter(function (x) { return x.ma === i.dataset.ma; })[0];
        if (!item) return;
        hit.push(item.ma);
        sum += kind === "tru" ? (v / 100) * item.diem : v;
      });
      if (r.cap !== null && sum > r.cap) sum = r.cap;
      return [sum, hit];
    };
    var bonus = adj("dt", rules.bonus), pen = adj("tru", rules.penalty);
    total = total + bonus[0] - pen[0];
    var zero = Object.keys(groups).some(function (g) { return groups[g] === 0; });
    var cls = "";
    rules.bands.some(function (b) {
      if (total < b.from) return false;
      if (b.no_zero_group && zero) return false;
      if (b.no_penalty.some(function (p) { return pen[1].indexOf(p) >= 0; })) return false;
      cls = b.ten;
      return true;
    });
    document.getElementById("tong-diem").textContent = String(total / 100).replace(".", ",");
    document.getElementById("xep-loai").textContent = cls;
    document.querySelectorAll("output[data-nhom]").forEach(function (o) {
      var g = o.dataset.nhom;
      if (maxima[g] === undefined) return;
      o.textContent = String((groups[g] || 0) / 100).replace(".", ",") + "/" + String(maxima[g] / 100).replace(".", ",");
    });
  }
  function rows(e) {
    var t = e.target.closest("button");
    if (!t) return;
    var row = t.closest(".row");
    if (t.dataset.add) {
      var list = document.getElementById(t.dataset.add);
      var tpl = document.getElementById(t.dataset.add === "outline" ? "outline-row" : "task-row");
      list.appendChild(tpl.content.cloneNode(true));
      var added = list.lastElementChild;
      var f = added.querySelector("textarea, input");
      if (f) f.focus();
      return;
    }
    if (!row) return;
    if (t.hasAttribute("data-remove")) { row.remove(); return; }
    if (t.dataset.move) {
      var sib = t.dataset.move === "-1" ? row.previousElementSibling : row.nextElementSibling;
      if (sib) {
        if (t.dataset.move === "-1") sib.before(row); else sib.after(row);
        t.focus();
      }
      return;
    }
    if (t.dataset.indent) {
      var sel = row.querySelector('select[name="dm_cap"]');
      var v = Math.min(3, Math.max(1, parseInt(sel.value, 10) + parseInt(t.dataset.indent, 10)));
      sel.value = String(v);
      row.dataset.cap = String(v);
    }
  }
  // A text box grows with what it holds, so a long line or explanation is read whole.
  function fit(t) {
    t.style.height = "auto";
    t.style.height = t.scrollHeight + 2 + "px";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea").forEach(fit);
    document.addEventListener("input", function (e) {
      if (e.target.matches("textarea")) fit(e.target);
    });
    // A form that came back with errors: the list of them gets the focus (each links to
    // its field), so nobody starts at the top of a long page wondering what is wrong.
    var summary = document.querySelector(".errors.summary");
    if (summary) {
      summary.focus();
      // Following an error's link puts the cursor in its field (a link alone only scrolls).
      summary.addEventListener("click", function (e) {
        var a = e.target.closest("a[href^='#']");
        var f = a && document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
        if (!f) return;
        e.preventDefault();
        f.scrollIntoView({ block: "center" });
        f.focus();
      });
    }
    figures(true);
    dossier();
    document.addEventListener("input", function (e) {
      if (e.target.matches("input.so")) {
        // The changed field's error, and those of its parts, are the script's now.
        var ma = e.target.dataset.ma;
        document.querySelectorAll("input.so").forEach(function (i) {
          if (i === e.target || i.dataset.thuoc === ma) {
            var err = document.getElementById("loi-" + i.name);
            if (err) err.dataset.live = "1";
          }
        });
        figures(false);
      }
      if (e.target.closest("fieldset.dossier")) dossier();
      if (e.target.matches('select[name="dm_cap"]')) e.target.closest(".row").dataset.cap = e.target.value;
    });
    document.addEventListener("change", function (e) {
      if (e.target.closest("fieldset.dossier")) dossier();
    });
    document.addEventListener("click", rows);
    // Acts that cannot be undone with one click ask first.
    document.addEventListener("click", function (e) {
      var b = e.target.closest("[data-hoi]");
      if (b && !window.confirm(b.dataset.hoi)) e.preventDefault();
    });
    // Leaving a form with changes not saved asks first.
    var form = document.getElementById("van-ban");
    if (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("click", function (e) { if (e.target.closest("button[data-add], button[data-remove], button[data-move], button[data-indent]")) dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (e) {
        if (dirty) { e.preventDefault(); e.returnValue = ""; }
      });
    }
    // Enter in a one-line field never submits a form (a clerk fixing a figure presses it
    // out of habit); the buttons still do.
    document.addEventListener("keydown", function (e) {
      var el = e.target;
      if (e.key === "Enter" && el.tagName === "INPUT" && el.type !== "submit" && el.type !== "button" && el.form) {
        e.preventDefault();
      }
    });
  });
})();
