"""Periodic summary reports (周报 / 月报 / 季报 / 年报) of each committee's liaison work.

- ``models``: ``Report`` (committee, kind, period, version, figures as JSON; never changed once
  made) and ``ReportEvent`` (generated / regenerated);
- ``periods``: the weeks, months, quarters and years a report covers, titles and document numbers;
- ``figures``: the figures of one committee and period, from bounded GROUP BY queries;
- ``services``: ``generate_report`` (idempotent, once per committee, kind and period even if two
  schedulers fire), ``regenerate_report`` (a new version), ``periodic_reports_make`` (the beat
  job), the leaders' notices;
- ``xlsx``: the workbook download; ``views``/``urls``: the archive and the print-ready page.
"""
