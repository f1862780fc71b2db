"""The printable progress report: content (pure), layout in words, PDF and HTML renderers.

content.build_report(scenario, decision, start) -> Report     pure, from domain.progress
document.blocks(report, name, units, today) -> [Block]        the same words for both
pdf.render_pdf(blocks, ...) / html.render_html(blocks, ...)   matplotlib, vector charts
service.for_mother / service.for_client                      over a unit of work
"""

from comeback.reports.content import E1RM_FORMULA, Report, build_report, e1rm_epley

__all__ = ["E1RM_FORMULA", "Report", "build_report", "e1rm_epley"]
