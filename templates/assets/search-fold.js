/*
 * Dossier: search that folds accents and case ("Inigo" finds "Íñigo", "Zoë"
 * finds "Zoe"). Loaded by search-on-demand.js when the reader opens search; it
 * folds the pages and each query on their way to Material's search worker.
 * Written for this project; no third-party code.
 */
(function () {
  "use strict";

  // Lunr compares words as they are written, so the pages and the query are
  // handed to the worker folded: each page that holds a letter outside ASCII gets
  // a folded copy of its title and text as extra fields (the results still show
  // the original), and each query is folded before it is run.
  var MARKS = /[\u0300-\u036f]/g;
  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th" };
  var SPECIAL = /[ßæœøđðłıþ]/g;
  var WIDE = /[^\x00-\x7f]/;
  var FOLDED = { title: "folded_title", text: "folded_text" };

  function fold(text) {
    return String(text)
      .toLowerCase()
      .normalize("NFD")
      .replace(MARKS, "")
      .replace(SPECIAL, function (letter) {
        return LETTERS[letter];
      });
  }

  function foldedMessage(message) {
    var data = message && message.data;
    if (typeof data === "string") {
      // A query.
      return { type: message.type, data: fold(data) };
    }
    if (!data || !Array.isArray(data.docs) || !data.config || !data.config.fields) {
      return message;
    }
    // The index: the folded fields weigh what the originals weigh.
    var fields = {};
    Object.keys(data.config.fields).forEach(function (name) {
      fields[name] = data.config.fields[name];
    });
    Object.keys(FOLDED).forEach(function (name) {
      fields[FOLDED[name]] = data.config.fields[name] || {};
    });
    var docs = data.docs.map(function (doc) {
      var copy = null;
      Object.keys(FOLDED).forEach(function (name) {
        var value = doc[name];
        if (typeof value === "string" && WIDE.test(value)) {
          copy = copy || Object.assign({}, doc);
          copy[FOLDED[name]] = fold(value);
        }
      });
      return copy || doc;
    });
    var config = Object.assign({}, data.config, { fields: fields });
    return { type: message.type, data: Object.assign({}, data, { config: config, docs: docs }) };
  }

  window.dossierSearchFold = foldedMessage;
})();
