/*
 * Dossier: interview times in the zone of the phone that reads them.
 *
 * The page holds each time as written, in a <time class="dossier-when"> element
 * whose datetime attribute carries the offset. Here that instant is shown in this
 * device's own zone first, the interviewer's beside it when it differs:
 * "Thu 3 Dec, 14:00 your time · 15:00 in Amsterdam", plus "in 2 days", "tomorrow"
 * or "today" where the page asks for a countdown. Due dates
 * (<time class="dossier-due">) get "due in 3 days" or "2 days late".
 * Nothing leaves the device.
 */
(function () {
  "use strict";

  var DAY = 24 * 60 * 60 * 1000;

  function parts(date, options) {
    var found = {};
    new Intl.DateTimeFormat("en-GB", options).formatToParts(date).forEach(function (part) {
      found[part.type] = part.value;
    });
    return found;
  }

  // The reader's calendar day of an instant, as a count of days (for "tomorrow").
  function dayNumber(date) {
    var p = parts(date, { year: "numeric", month: "numeric", day: "numeric" });
    return Math.round(Date.UTC(+p.year, +p.month - 1, +p.day) / DAY);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function countdown(date, now) {
    var days = dayNumber(date) - dayNumber(now);
    if (date < now) {
      return days === 0 ? "earlier today" : "";
    }
    if (days === 0) {
      var hours = Math.floor((date - now) / (60 * 60 * 1000));
      return hours < 1 ? "within the hour" : "today, in " + plural(hours, "hour");
    }
    if (days === 1) {
      return "tomorrow";
    }
    if (days < 14) {
      return "in " + days + " days";
    }
    if (days < 60) {
      return "in " + Math.round(days / 7) + " weeks";
    }
    return "";
  }

  function showTime(el, now) {
    var date = new Date(el.getAttribute("datetime"));
    if (isNaN(date)) {
      return;
    }
    var p = parts(date, {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    var here = p.hour + ":" + p.minute;
    var day = p.weekday + " " + p.day + " " + p.month;
    if (+p.year !== now.getFullYear()) {
      day += " " + p.year;
    }
    var written = el.getAttribute("data-written");
    var writtenDay = el.getAttribute("data-written-day");
    var place = el.getAttribute("data-place");
    var text = day + ", " + here + " your time";
    if (written && written !== here) {
      var other = writtenDay && writtenDay !== p.weekday ? writtenDay + " " + written : written;
      text += " · " + other + (/^UTC/.test(place) ? " " : " in ") + place;
    }
    el.textContent = text;
    el.setAttribute("title", "Written as " + (writtenDay || "") + " " + written + " " + place);
    if (el.hasAttribute("data-countdown")) {
      var left = countdown(date, now);
      if (left) {
        var badge = document.createElement("span");
        badge.className = "dossier-countdown";
        badge.textContent = left;
        el.appendChild(document.createTextNode(" "));
        el.appendChild(badge);
      }
    }
  }

  function showDue(el, now) {
    var due = el.getAttribute("datetime").split("-");
    var days =
      Math.round(Date.UTC(+due[0], +due[1] - 1, +due[2]) / DAY) - dayNumber(now);
    var text =
      days === 0
        ? "due today"
        : days === 1
          ? "due tomorrow"
          : days > 1
            ? days < 60
              ? "in " + days + " days"
              : ""
            : plural(-days, "day") + " late";
    if (text) {
      // "3 days late" says more than the build's "overdue" beside it.
      var before = el.previousElementSibling;
      if (days < 0 && before && before.classList.contains("dossier-overdue")) {
        before.remove();
      }
      var badge = document.createElement("span");
      badge.className = "dossier-countdown" + (days < 0 ? " dossier-late" : "");
      badge.textContent = text;
      el.appendChild(document.createTextNode(" "));
      el.appendChild(badge);
    }
  }

  function showAll() {
    var now = new Date();
    document.querySelectorAll("time.dossier-when:not([data-shown])").forEach(function (el) {
      el.setAttribute("data-shown", "");
      showTime(el, now);
    });
    document.querySelectorAll("time.dossier-due:not([data-shown])").forEach(function (el) {
      el.setAttribute("data-shown", "");
      showDue(el, now);
    });
  }

  if (typeof Intl === "undefined" || !Intl.DateTimeFormat.prototype.formatToParts) {
    return;
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(showAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showAll);
  } else {
    showAll();
  }
})();
