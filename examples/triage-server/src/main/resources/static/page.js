/* What the dashboard pages share: the API key kept in sessionStorage (this tab only), API calls with it, the status
   line, Chart.js drawing, and the key form and date range wired up on load. Each page gives its own load(). */
(function () {
  'use strict';
  const KEY = 'emailtriage.apiKey';
  const charts = {};
  const $ = (id) => document.getElementById(id);

  function isoDay(d) { return d.toISOString().slice(0, 10); }

  function hasKey() { return Boolean(sessionStorage.getItem(KEY)); }

  function setStatus(state, text) {
    document.body.dataset.state = state;
    $('status').textContent = text;
  }

  async function api(path) {
    const response = await fetch('/api/v1' + path, {
      headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(KEY), 'Accept': 'application/json' }
    });
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try { const p = await response.json(); detail = p.detail || p.title || detail; } catch (e) { /* not JSON */ }
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  /** Reports a failed load; a refused key (401) is forgotten. */
  function failed(what, e) {
    if (e.status === 401) { sessionStorage.removeItem(KEY); }
    setStatus('error', 'Could not load ' + what + ': ' + e.message);
  }

  function draw(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options || {});
    charts[id] = new Chart($(id), config);
  }

  /** The start and end date inputs as a query string. */
  function range() {
    return '?start_date=' + encodeURIComponent($('start-date').value)
      + '&end_date=' + encodeURIComponent($('end-date').value);
  }

  /** On DOMContentLoaded: the last 30 days, the key form and the forget button, then load(). */
  function start(load, forgottenText) {
    document.addEventListener('DOMContentLoaded', () => {
      const today = new Date();
      $('end-date').value = isoDay(today);
      $('start-date').value = isoDay(new Date(today.getTime() - 29 * 86400000));
      $('key-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const value = $('api-key').value.trim();
        if (value) { sessionStorage.setItem(KEY, value); }
        $('api-key').value = '';
        load();
      });
      $('forget').addEventListener('click', () => {
        sessionStorage.removeItem(KEY);
        setStatus('locked', forgottenText);
      });
      $('api-key').required = !hasKey();
      load();
    });
  }

  window.EmailTriagePage = { $, api, draw, failed, hasKey, range, setStatus, start };
})();
