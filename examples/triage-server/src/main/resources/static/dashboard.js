/* email-triage dashboard: the analytics drawn with Chart.js (page.js: the key, API calls, the form). */
(function () {
  'use strict';
  const { $, api, draw, failed, hasKey, range, setStatus, start } = window.EmailTriagePage;

  function renderKpis(summary, reviewCount) {
    const t = summary.totals, a = summary.average_metrics;
    $('kpi-processed').textContent = String(t.emails_processed);
    $('kpi-responded').textContent = String(t.emails_responded);
    $('kpi-ignored').textContent = String(t.emails_ignored);
    $('kpi-rate').textContent = (t.response_rate * 100).toFixed(1) + '%';
    $('kpi-confidence').textContent = a.confidence_score.toFixed(2);
    $('kpi-time').textContent = a.processing_time_seconds.toFixed(3);
    $('kpi-review').textContent = reviewCount;
  }

  function renderCharts(summary, daily) {
    draw('chart-daily', {
      type: 'bar',
      data: {
        labels: daily.map(d => d.date),
        datasets: [
          { label: 'respond', data: daily.map(d => d.emails_responded), backgroundColor: '#2f80ed' },
          { label: 'ignore', data: daily.map(d => d.emails_ignored), backgroundColor: '#9aa5b8' }
        ]
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw('chart-decisions', {
      type: 'doughnut',
      data: {
        labels: ['respond', 'ignore'],
        datasets: [{ data: [summary.totals.emails_responded, summary.totals.emails_ignored],
                     backgroundColor: ['#2f80ed', '#9aa5b8'] }]
      }
    });
    const sources = ['rule', 'learned', 'cache', 'model', 'fallback'];
    draw('chart-sources', {
      type: 'bar',
      data: {
        labels: sources,
        datasets: [{ label: 'decisions', data: sources.map(s => summary.by_source[s] || 0),
                     backgroundColor: ['#27ae60', '#9b51e0', '#f2c94c', '#2f80ed', '#eb5757'] }]
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    const reasons = [];
    for (const decision of ['respond', 'ignore']) {
      for (const r of (summary.top_reasons[decision] || [])) {
        reasons.push({ label: decision + ': ' + r.reason, count: r.count, decision: decision });
      }
    }
    reasons.sort((x, y) => y.count - x.count);
    draw('chart-reasons', {
      type: 'bar',
      data: {
        labels: reasons.map(r => r.label.length > 40 ? r.label.slice(0, 37) + '...' : r.label),
        datasets: [{ label: 'decisions', data: reasons.map(r => r.count),
                     backgroundColor: reasons.map(r => r.decision === 'respond' ? '#2f80ed' : '#9aa5b8') }]
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  function renderReview(page) {
    const body = $('review-queue').querySelector('tbody');
    body.replaceChildren();
    for (const item of page.items) {
      const row = document.createElement('tr');
      const cells = [item.received_at, item.from, item.subject, item.decision, item.confidence, item.source, item.reason];
      for (const value of cells) {
        const cell = document.createElement('td');
        cell.textContent = value === undefined || value === null ? '' : String(value);
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
  }

  async function load() {
    if (!hasKey()) {
      setStatus('locked', 'Enter an API key to see the analytics. The key is kept in this tab only (sessionStorage).');
      return;
    }
    setStatus('loading', 'Loading…');
    try {
      const [summary, daily, review] = await Promise.all([
        api('/analytics/summary' + range()),
        api('/analytics/daily' + range()),
        api('/emails?needs_review=true&limit=50')
      ]);
      renderKpis(summary, review.items.length + (review.next_cursor ? '+' : ''));
      renderCharts(summary, daily);
      renderReview(review);
      setStatus('ready', 'Decisions from ' + summary.period.start + ' to ' + summary.period.end + ' (UTC, inclusive).');
    } catch (e) {
      failed('the analytics', e);
    }
  }

  start(load, 'Key forgotten. Enter an API key to see the analytics.');
})();
