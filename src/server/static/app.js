// Light behaviour for the server-rendered pages: JSON form bodies for the API, errors and
// one-time secrets shown as text (never as HTML), file attachments read as base64.
(function () {
  'use strict';

  htmx.defineExtension('json-form', {
    onEvent: function (name, evt) {
      if (name === 'htmx:configRequest') evt.detail.headers['Content-Type'] = 'application/json';
    },
    encodeParameters: function (xhr, parameters, elt) {
      xhr.overrideMimeType('text/json');
      var out = {};
      var entries =
        typeof parameters.entries === 'function' ? Array.from(parameters.entries()) : Object.entries(parameters);
      entries.forEach(function (kv) {
        var key = kv[0];
        var value = kv[1];
        var field = elt.querySelector('[name="' + CSS.escape(key) + '"]');
        var type = field ? field.getAttribute('data-type') : null;
        if (type === 'list') (out[key] = out[key] || []).push(value);
        else if (type === 'bool') out[key] = value === 'true' || value === 'on';
        else if (type === 'lines')
          out[key] = String(value)
            .split('\n')
            .map(function (s) {
              return s.trim();
            })
            .filter(Boolean);
        else if (value !== '') out[key] = value;
      });
      return JSON.stringify(out);
    },
  });

  function messageOf(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.error) return body.error;
    } catch (e) {
      /* not JSON */
    }
    return xhr.status + ' ' + xhr.statusText;
  }

  function errorBox(elt) {
    var form = elt.closest('form') || elt;
    return form.querySelector('.error') || document.getElementById('flash');
  }

  document.addEventListener('htmx:responseError', function (evt) {
    var box = errorBox(evt.detail.elt);
    if (box) {
      box.textContent = messageOf(evt.detail.xhr);
      box.hidden = false;
    }
  });

  document.addEventListener('htmx:afterRequest', function (evt) {
    var elt = evt.detail.elt;
    var target = elt.getAttribute && elt.getAttribute('data-result-target');
    if (!target || !evt.detail.successful) return;
    var out = document.querySelector(target);
    var field = elt.getAttribute('data-result-field');
    try {
      var body = JSON.parse(evt.detail.xhr.responseText);
      out.textContent = field ? body[field] : JSON.stringify(body, null, 2);
      out.hidden = false;
      var box = errorBox(elt);
      if (box && box !== out) box.hidden = true;
    } catch (e) {
      out.textContent = '';
    }
  });

  document.addEventListener('change', function (evt) {
    var input = evt.target;
    if (!input.matches || !input.matches('input[type=file][data-upload]')) return;
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result);
      var csrf = document.querySelector('meta[name=csrf-token]').content;
      fetch(input.getAttribute('data-upload'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          name: file.name,
          contentType: file.type || 'application/octet-stream',
          dataBase64: data.slice(data.indexOf(',') + 1),
        }),
      }).then(function (res) {
        if (res.ok) return location.reload();
        return res.json().then(function (b) {
          var box = errorBox(input);
          if (box) {
            box.textContent = b.error || res.statusText;
            box.hidden = false;
          }
        });
      });
    };
    reader.readAsDataURL(file);
  });
})();
