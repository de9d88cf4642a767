/* email-triage quality page: /api/v1/analytics/quality and /learned-rules drawn with Chart.js (page.js: the key, API calls, the form). */
(function () {
  'use strict';
  const { $, api, draw, failed, hasKey, range, setStatus, start } = window.EmailTriagePage;
  const pct = (v) => v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%';

  const percentAxis = { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => v + '%' } } };
  const asPercent = (v) => v === null || v === undefined ? null : Math.round(v * 1000) / 10;

  function agreementBars(id, groups, label) {
    draw(id, {
      type: 'bar',
      data: {
        labels: groups.map(label),
        datasets: [
          { label: 'decision', data: groups.map(g => asPercent(g.decision_agreement)), backgroundColor: '#2f80ed' },
          { label: 'type', data: groups.map(g => asPercent(g.type_agreement)), backgroundColor: '#9aa5b8' }
        ]
      },
      options: { scales: percentAxis, plugins: { tooltip: { callbacks: {
        afterLabel: (ctx) => 'with feedback: ' + groups[ctx.dataIndex].with_feedback } } } }
    });
  }

  function render(q, rules) {
    const o = q.overall;
    $('kpi-feedback').textContent = String(o.with_feedback);
    $('kpi-agreement').textContent = pct(o.decision_agreement);
    $('kpi-type-agreement').textContent = pct(o.type_agreement);
    $('kpi-threshold').textContent = q.suggested_review_threshold === null || q.suggested_review_threshold === undefined
      ? 'not enough feedback' : q.suggested_review_threshold.toFixed(1);
    $('kpi-learned').textContent = String(rules.rules.length);
    agreementBars('chart-prompts', q.by_prompt_version, g => g.prompt_id + ' v' + g.prompt_version);
    agreementBars('chart-sources-agreement', q.by_source, g => g.source);
    draw('chart-calibration', {
      type: 'bar',
      data: {
        labels: o.calibration.map(b => b.lower.toFixed(1) + '–' + b.upper.toFixed(1)),
        datasets: [{ label: 'share agreed', data: o.calibration.map(b => asPercent(b.agreement)),
                     backgroundColor: '#27ae60' }]
      },
      options: { scales: percentAxis, plugins: { legend: { display: false }, tooltip: { callbacks: {
        afterLabel: (ctx) => 'with feedback: ' + o.calibration[ctx.dataIndex].with_feedback } } } }
    });
    draw('chart-confusion', {
      type: 'bar',
      data: {
        labels: o.confusion.map(c => c.decided + ' → ' + c.correct),
        datasets: [{ label: 'emails', data: o.confusion.map(c => c.count),
                     backgroundColor: o.confusion.map(c => c.decided === c.correct ? '#27ae60' : '#eb5757') }]
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    const body = $('ab-test').querySelector('tbody');
    body.replaceChildren();
    if (q.ab_test) {
      for (const [arm, side] of [['active', q.ab_test.active], ['challenger (' + pct(q.ab_test.share) + ')', q.ab_test.challenger]]) {
        const f = side.figures || {};
        const row = document.createElement('tr');
        for (const value of [arm, side.prompt_id, side.prompt_version, f.decided || 0, f.model_calls || 0,
                             f.total_tokens || 0, f.with_feedback || 0, pct(f.decision_agreement)]) {
          const cell = document.createElement('td');
          cell.textContent = String(value);
          row.appendChild(cell);
        }
        body.appendChild(row);
      }
    }
  }

  async function load() {
    if (!hasKey()) {
      setStatus('locked', 'Enter an API key to see how decisions agree with feedback.');
      return;
    }
    setStatus('loading', 'Loading…');
    try {
      const [quality, rules] = await Promise.all([api('/analytics/quality' + range()), api('/learned-rules')]);
      render(quality, rules);
      setStatus('ready', 'Decisions from ' + quality.period.start + ' to ' + quality.period.end + ' (UTC, inclusive).');
    } catch (e) {
      failed('the quality report', e);
    }
  }

  start(load, 'Key forgotten. Enter an API key to see the quality report.');
})();
