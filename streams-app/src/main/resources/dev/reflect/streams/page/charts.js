// The charts of the progress page (six of reflections, one of GAD-7 scores), each with a one-line summary and a table of its numbers
// as the text alternative. Drawn with uPlot; every element is built through the DOM so the page
// runs under a CSP without inline code or styles.
(function () {
  'use strict';

  const DAY_SECONDS = 86400;

  // Muted, distinguishable colours; none reads as an alarm.
  const TRIGGERS = [
    ['PARTNER_UNRESPONSIVE', 'No reply, or a late one', '#3f6e8c'],
    ['PLANS_CHANGED', 'Plans changed', '#6f9e8f'],
    ['PERCEIVED_SECRECY', 'Something felt hidden', '#8b7bb3'],
    ['SOCIAL_MEDIA', 'Social media', '#c49a5a'],
    ['ATTENTION_TO_OTHERS', 'Their attention elsewhere', '#6a9ac4'],
    ['PHYSICAL_DISTANCE', 'Time apart', '#93a96f'],
    ['CONFLICT_OR_CRITICISM', 'Conflict or criticism', '#b0879b'],
    ['REMINDER_OF_PAST', 'A reminder of the past', '#7a8a99'],
    ['BEING_VULNERABLE', 'Opening up', '#a69fd0'],
    ['OTHER', 'Something else', '#b3ab9c']
  ];
  const COLORS = {
    reassurance: '#3f6e8c',
    baseline: '#b8893c',
    device: '#7a68ad',
    distress: '#2f6a6e',
    coping: '#5b8f7b',
    belief: '#6a9ac4',
    gad7: '#2f5d7c'
  };
  // The GAD-7 bands as soft tints of one hue, deeper for higher scores; none reads as an alarm.
  const GAD7_BANDS = [
    ['minimal', 'minimal', 0, 5, 'rgba(111, 158, 143, 0.06)'],
    ['mild', 'mild', 5, 10, 'rgba(111, 158, 143, 0.13)'],
    ['moderate', 'moderate', 10, 15, 'rgba(111, 158, 143, 0.22)'],
    ['severe', 'severe', 15, 21, 'rgba(111, 158, 143, 0.32)']
  ];
  const AXIS = { stroke: '#4d5964', grid: { stroke: '#ece7de', width: 1 }, ticks: { stroke: '#e3ddd2', width: 1 },
    font: '12px system-ui, sans-serif' };

  const dateFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
  const plots = [];

  // A "YYYY-MM-DD" local day as a Date at local midnight, so uPlot labels it as that day.
  function parseDay(text) {
    const [y, m, d] = text.split('-').map(Number);
    return new Date(y, m - 1, d);
  }

  function seconds(date) {
    return Math.round(date.getTime() / 1000);
  }

  function formatDay(date) {
    return dateFormat.format(date);
  }

  function sumOf(map) {
    return Object.values(map || {}).reduce((a, b) => a + b, 0);
  }

  function round1(value) {
    return Math.round(value * 10) / 10;
  }

  // The series in whole weeks ending at its last day (28 and 84 days are 4 and 12 weeks).
  function weeks(days) {
    const result = [];
    for (let end = days.length; end > 0; end -= 7) {
      const slice = days.slice(Math.max(0, end - 7), end);
      const week = { start: parseDay(slice[0].date), end: parseDay(slice[slice.length - 1].date),
        checkIns: 0, distressSum: 0, triggers: {}, triggerTotal: 0, reassurance: 0, device: 0, coping: 0,
        thoughtRecords: 0, beliefSum: 0 };
      for (const day of slice) {
        week.checkIns += day.checkIns;
        if (day.distressAvg !== null && day.distressAvg !== undefined) {
          week.distressSum += day.distressAvg * day.checkIns;
        }
        for (const [category, count] of Object.entries(day.triggers || {})) {
          week.triggers[category] = (week.triggers[category] || 0) + count;
          week.triggerTotal += count;
        }
        week.reassurance += day.reassuranceAsks;
        week.device += day.deviceChecks;
        week.coping += sumOf(day.coping);
        if (day.thoughtRecords > 0 && day.beliefShiftAvg !== null && day.beliefShiftAvg !== undefined) {
          week.thoughtRecords += day.thoughtRecords;
          week.beliefSum += day.beliefShiftAvg * day.thoughtRecords;
        }
      }
      week.copingRatio = week.triggerTotal > 0 ? Math.round(week.coping / week.triggerTotal * 100) / 100 : null;
      // Shown as how far belief eased: the API's shift is negative when it does.
      week.eased = week.thoughtRecords > 0 ? round1(-week.beliefSum / week.thoughtRecords) : null;
      result.unshift(week);
    }
    return result;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function table(container, caption, headers, rows) {
    const t = element('table');
    t.appendChild(element('caption', null, caption));
    const head = element('thead');
    const headRow = element('tr');
    headers.forEach((h) => {
      const th = element('th', null, h);
      th.scope = 'col';
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    t.appendChild(head);
    const body = element('tbody');
    rows.forEach((row) => {
      const tr = element('tr');
      row.forEach((cell, i) => {
        const td = element(i === 0 ? 'th' : 'td', null, cell === null || cell === undefined ? '–' : String(cell));
        if (i === 0) {
          td.scope = 'row';
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    container.replaceChildren(t);
  }

  function legend(list, items) {
    list.replaceChildren(...items.map(([label, color, line]) => {
      const li = element('li');
      const swatch = element('span', line ? 'swatch line' : 'swatch');
      swatch.style.background = color;
      swatch.setAttribute('aria-hidden', 'true');
      li.append(swatch, element('span', null, label));
      return li;
    }));
  }

  function weekLabel(week) {
    return 'Week of ' + formatDay(week.start);
  }

  function plot(id, options, data) {
    const container = document.getElementById(id);
    container.replaceChildren();
    const width = Math.max(240, container.clientWidth);
    const height = width < 420 ? 190 : 220;
    const chart = new uPlot(Object.assign({ width: width, height: height, legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } } }, options), data, container);
    plots.push(chart);
    return chart;
  }

  // Weekly bars: ticks exactly at the weeks, half a week of room on either side.
  function weekAxes(weekList, yLabel, yValues) {
    const xs = weekList.map((w) => seconds(w.start));
    return {
      scales: {
        x: { time: true, range: (u, min, max) => [min - 3.5 * DAY_SECONDS, max + 3.5 * DAY_SECONDS] },
        y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] }
      },
      axes: [
        Object.assign({}, AXIS, { splits: () => xs, values: weekValues }),
        Object.assign({}, AXIS, { label: yLabel, size: 48, values: yValues })
      ]
    };
  }

  // Week labels that fit: on a narrow chart only every second or third week is named,
  // always counting back from the latest.
  function weekValues(u, splits) {
    const room = Math.max(1, Math.floor(u.bbox.width / uPlot.pxRatio / 56));
    const step = Math.ceil(splits.length / room);
    return splits.map((s, i) => ((splits.length - 1 - i) % step === 0 ? formatDay(new Date(s * 1000)) : ''));
  }

  function integerValues(u, splits) {
    return splits.map((v) => (Number.isInteger(v) ? String(v) : ''));
  }

  function bars(color, label) {
    return { label: label, stroke: color, fill: color, width: 0,
      paths: uPlot.paths.bars({ size: [0.62, 56], align: 0 }), points: { show: false } };
  }

  function drawTriggers(weekList, days) {
    const totals = {};
    weekList.forEach((w) => Object.entries(w.triggers).forEach(([c, n]) => { totals[c] = (totals[c] || 0) + n; }));
    const present = TRIGGERS.filter(([key]) => totals[key] > 0).sort((a, b) => totals[b[0]] - totals[a[0]]);
    const all = sumOf(totals);
    const summary = document.getElementById('triggers-summary');
    if (all === 0) {
      summary.textContent = 'No triggers noted in these ' + days + ' days.';
    } else {
      const [topKey, topLabel] = present[0];
      const latest = weekList[weekList.length - 1].triggerTotal;
      summary.textContent = all + (all === 1 ? ' trigger' : ' triggers') + ' noted in these ' + weekList.length
        + ' weeks, most often “' + topLabel.toLowerCase() + '” (' + totals[topKey] + '). '
        + latest + ' in the latest week.';
    }
    // Stacked by drawing each category's running total from the top down: every bar covers
    // the part of the one before it that belongs to the categories below.
    const xs = weekList.map((w) => seconds(w.start));
    const data = [xs];
    const series = [{}];
    present.forEach(([key, label, color], i) => {
      data.push(weekList.map((w) => present.slice(i).reduce((sum, [k]) => sum + (w.triggers[k] || 0), 0)));
      series.push(bars(color, label));
    });
    if (present.length === 0) {
      data.push(weekList.map(() => 0));
      series.push(bars('#e3ddd2', 'none'));
    }
    plot('triggers-chart', Object.assign({ series: series }, weekAxes(weekList, 'triggers', integerValues)), data);
    legend(document.getElementById('triggers-legend'), present.map(([, label, color]) => [label, color]));
    table(document.getElementById('triggers-table'), 'Triggers per week, by kind',
      ['Week'].concat(present.map(([, label]) => label), ['All']),
      weekList.map((w) => [weekLabel(w)].concat(present.map(([k]) => w.triggers[k] || 0), [w.triggerTotal])));
  }

  function drawReassurance(weekList, baseline) {
    const usual = baseline.reassuranceAsks;
    const latest = weekList[weekList.length - 1].reassurance;
    const usualText = baseline.established
      ? 'your usual week has about ' + round1(usual)
      : 'your usual level is still being learned, so about ' + round1(usual) + ' a week stands in for now';
    document.getElementById('reassurance-summary').textContent = 'Asked for reassurance ' + latest
      + (latest === 1 ? ' time' : ' times') + ' in the latest week; ' + usualText + '.';
    const xs = weekList.map((w) => seconds(w.start));
    plot('reassurance-chart', Object.assign({
      series: [{}, bars(COLORS.reassurance, 'Reassurance asks'),
        { label: 'Your usual week', stroke: COLORS.baseline, width: 2, dash: [6, 5], points: { show: false } }]
    }, weekAxes(weekList, 'asks', integerValues)), [xs, weekList.map((w) => w.reassurance), weekList.map(() => usual)]);
    legend(document.getElementById('reassurance-legend'),
      [['Asked for reassurance', COLORS.reassurance], ['Your usual week', COLORS.baseline, true]]);
    table(document.getElementById('reassurance-table'), 'Reassurance asks per week',
      ['Week', 'Asked', 'Usual week'], weekList.map((w) => [weekLabel(w), w.reassurance, round1(usual)]));
  }

  function drawDevice(weekList) {
    const all = weekList.reduce((sum, w) => sum + w.device, 0);
    const latest = weekList[weekList.length - 1].device;
    document.getElementById('device-summary').textContent = all === 0
      ? 'No checking of their phone or accounts in these ' + weekList.length + ' weeks.'
      : latest + (latest === 1 ? ' time' : ' times') + ' in the latest week, ' + all + ' in these '
        + weekList.length + ' weeks.';
    plot('device-chart', Object.assign({ series: [{}, bars(COLORS.device, 'Checks')] },
      weekAxes(weekList, 'checks', integerValues)), [weekList.map((w) => seconds(w.start)), weekList.map((w) => w.device)]);
    table(document.getElementById('device-table'), 'Checks of their phone or accounts per week',
      ['Week', 'Checks'], weekList.map((w) => [weekLabel(w), w.device]));
  }

  function drawDistress(days, window7d) {
    const withData = days.filter((d) => d.distressAvg !== null && d.distressAvg !== undefined);
    const checkIns = withData.reduce((s, d) => s + d.checkIns, 0);
    const overall = checkIns > 0 ? round1(withData.reduce((s, d) => s + d.distressAvg * d.checkIns, 0) / checkIns) : null;
    const summary = document.getElementById('distress-summary');
    if (overall === null) {
      summary.textContent = 'No check-ins in these ' + days.length + ' days.';
    } else {
      summary.textContent = (window7d.distressAvg === null ? 'No check-ins in the last 7 days'
        : 'Averaged ' + window7d.distressAvg + ' out of 10 in the last 7 days')
        + '; ' + overall + ' over these ' + days.length + ' days.';
    }
    plot('distress-chart', {
      series: [{}, { label: 'Distress', stroke: COLORS.distress, width: 2, spanGaps: false,
        points: { show: true, size: 5, fill: COLORS.distress } }],
      scales: { x: { time: true }, y: { range: [0, 10] } },
      axes: [Object.assign({}, AXIS, { values: (u, splits) => splits.map((s) => formatDay(new Date(s * 1000))) }),
        Object.assign({}, AXIS, { label: 'out of 10', size: 48, splits: () => [0, 2, 4, 6, 8, 10] })]
    }, [days.map((d) => seconds(parseDay(d.date))), days.map((d) => (d.distressAvg === undefined ? null : d.distressAvg))]);
    table(document.getElementById('distress-table'), 'Average distress per day (0 to 10)', ['Day', 'Check-ins', 'Average'],
      withData.map((d) => [formatDay(parseDay(d.date)), d.checkIns, d.distressAvg]));
  }

  function drawCoping(weekList, window7d) {
    document.getElementById('coping-summary').textContent = window7d.copingRatio === null
      ? 'No triggers in the last 7 days, so there was nothing to balance.'
      : window7d.copingRatio + ' helpful steps for each trigger in the last 7 days. Higher means more of '
        + 'what helps, like naming the feeling, self-care or an honest conversation.';
    plot('coping-chart', {
      series: [{}, { label: 'Helpful steps per trigger', stroke: COLORS.coping, width: 2,
        points: { show: true, size: 7, fill: COLORS.coping } }],
      scales: {
        x: { time: true, range: (u, min, max) => [min - 3.5 * DAY_SECONDS, max + 3.5 * DAY_SECONDS] },
        y: { range: (u, min, max) => [0, Math.max(1.5, Math.ceil((max || 0) * 1.2 * 2) / 2)] }
      },
      axes: [Object.assign({}, AXIS, { splits: () => weekList.map((w) => seconds(w.start)), values: weekValues }),
      Object.assign({}, AXIS, { label: 'per trigger', size: 48 })]
    }, [weekList.map((w) => seconds(w.start)), weekList.map((w) => w.copingRatio)]);
    table(document.getElementById('coping-table'), 'Helpful steps and triggers per week',
      ['Week', 'Helpful steps', 'Triggers', 'Per trigger'],
      weekList.map((w) => [weekLabel(w), w.coping, w.triggerTotal, w.copingRatio]));
  }

  function drawBelief(weekList, window7d) {
    const records = weekList.reduce((s, w) => s + w.thoughtRecords, 0);
    const summary = document.getElementById('belief-summary');
    if (records === 0) {
      summary.textContent = 'No thought records in these ' + weekList.length + ' weeks yet.';
    } else if (window7d.beliefShiftAvg === null) {
      summary.textContent = 'No thought records in the last 7 days; ' + records + ' in these ' + weekList.length + ' weeks.';
    } else {
      const shift = window7d.beliefShiftAvg;
      summary.textContent = 'After working through a thought, belief in it '
        + (shift <= 0 ? 'eased by ' + round1(-shift) : 'rose by ' + round1(shift))
        + ' points on average in the last 7 days (' + records + ' thought records in these ' + weekList.length + ' weeks).';
    }
    plot('belief-chart', Object.assign({ series: [{}, bars(COLORS.belief, 'Points eased')] },
      weekAxes(weekList, 'points eased', undefined)),
    [weekList.map((w) => seconds(w.start)), weekList.map((w) => (w.eased === null ? null : Math.max(0, w.eased)))]);
    table(document.getElementById('belief-table'), 'Thought records per week and how much belief eased',
      ['Week', 'Thought records', 'Points eased'], weekList.map((w) => [weekLabel(w), w.thoughtRecords, w.eased]));
  }

  // Calm words for where a person stands: the latest score and its range, then the change from
  // their first score in the 90 days (4 points or more is more than everyday ups and downs).
  function gad7Words(summary, whose) {
    const latest = whose + ' latest score was ' + summary.latestScore + ' on '
      + formatDay(parseDay(summary.latestAt.slice(0, 10))) + ', in the ' + summary.band + ' range.';
    if (summary.count < 2) {
      return latest + ' Answering again in a week or two will show how things are moving.';
    }
    const first = ' The first score in the last 90 days was ' + summary.firstScore;
    const points = Math.abs(summary.points);
    switch (summary.change) {
      case 'reliable_improvement':
        return latest + first + ': ' + points + ' points lower, a real easing of anxiety.';
      case 'reliable_deterioration':
        return latest + first + ': ' + points + ' points higher, more than everyday ups and downs. '
          + 'It may help to talk this through with a therapist or someone you trust.';
      default:
        return latest + first + ': within the everyday ups and downs (a change of 4 points or more stands out).';
    }
  }

  function drawGad7(view, whose) {
    const card = document.getElementById('gad7-card');
    const gad7 = view && view.measures ? view.measures.GAD7 : null;
    if (!gad7 || gad7.scores.length === 0) {
      card.hidden = true;
      return;
    }
    card.hidden = false;
    document.getElementById('gad7-summary').textContent = gad7Words(gad7, whose);
    const xs = gad7.scores.map((s) => seconds(new Date(s.occurredAt)));
    plot('gad7-chart', {
      series: [{}, { label: 'GAD-7 score', stroke: COLORS.gad7, width: 2,
        points: { show: true, size: 7, fill: COLORS.gad7 } }],
      scales: {
        x: { time: true, range: (u, min, max) => [min - 3.5 * DAY_SECONDS, max + 3.5 * DAY_SECONDS] },
        y: { range: [0, 21] }
      },
      axes: [Object.assign({}, AXIS, { values: (u, splits) => splits.map((s) => formatDay(new Date(s * 1000))) }),
        Object.assign({}, AXIS, { label: 'score', size: 48, splits: () => [0, 5, 10, 15, 21] })],
      hooks: {
        drawClear: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          GAD7_BANDS.forEach(([, , low, high, tint]) => {
            const top = u.valToPos(high, 'y', true);
            const bottom = u.valToPos(low, 'y', true);
            ctx.fillStyle = tint;
            ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
          });
          ctx.restore();
        }]
      }
    }, [xs, gad7.scores.map((s) => s.score)]);
    table(document.getElementById('gad7-table'), 'GAD-7 scores over the last 90 days', ['Day', 'Score', 'Range'],
      gad7.scores.map((s) => [formatDay(parseDay(s.day)), s.score, s.band]));
  }

  function clear() {
    while (plots.length > 0) {
      plots.pop().destroy();
    }
  }

  function draw(progress) {
    clear();
    const weekList = weeks(progress.days);
    drawTriggers(weekList, progress.days.length);
    drawReassurance(weekList, progress.baselineWeekly);
    drawDevice(weekList);
    drawDistress(progress.days, progress.window7d);
    drawCoping(weekList, progress.window7d);
    drawBelief(weekList, progress.window7d);
  }

  // Charts follow their card's width (a phone turned, a window resized).
  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => {
      plots.forEach((chart) => {
        const width = Math.max(240, chart.root.parentNode.clientWidth);
        if (width !== chart.width) {
          chart.setSize({ width: width, height: width < 420 ? 190 : 220 });
        }
      });
    });
  });

  window.ReflectCharts = { draw: draw, drawGad7: drawGad7, clear: clear, formatDay: formatDay, parseDay: parseDay };
}());
