"""The context and the register printed as a Decree-30 report (BÁO CÁO): issues, interested parties, and the
risks and opportunities not closed with their levels on the agency's matrix; signed by the head."""

from __future__ import annotations

from django.utils import timezone

from printing.administrative import REPORT, AdministrativeDocument, SignatureBlock
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity, vn_date

from . import selectors
from .models import Level

LEVELS = {Level.LOW: "Thấp", Level.MEDIUM: "Trung bình", Level.HIGH: "Cao"}


def _level(level, score) -> str:
    return f"{LEVELS.get(level, '—')} ({score})" if score is not None else "—"


def register_report() -> AdministrativeDocument:
    """Built from stored data in the agency's schema; Vietnamese, as the paper is filed."""
    identity = agency_identity()
    grid = selectors.matrix()
    issues = [i for i in selectors.issues() if i.relevant]
    parties = [p for p in selectors.parties() if p.relevant]
    register = list(selectors.not_closed().select_related("owner").order_by("kind", "-current_score", "id"))
    sections = [
        Section(1, "Bối cảnh của cơ quan", tables=[Table(
            ["Bên trong/ngoài", "Nhóm", "Vấn đề", "Ảnh hưởng đến HTQLCL"],
            [["Bên trong" if i.side == "internal" else "Bên ngoài", str(i.get_category_display()), i.description,
              i.effect or "—"] for i in issues])]),
        Section(2, "Các bên quan tâm", tables=[Table(
            ["Bên quan tâm", "Nhu cầu và mong đợi", "Cách theo dõi"],
            [[p.name, p.needs, p.monitoring or "—"] for p in parties])]),
        Section(3, "Rủi ro và cơ hội", html=(
            f"<p>Ma trận {grid.size}×{grid.size}; điểm = khả năng xảy ra × mức độ ảnh hưởng; mức trung bình từ "
            f"{grid.medium_from} điểm, mức cao từ {grid.high_from} điểm.</p>"), tables=[Table(
            ["Rủi ro/cơ hội", "Nguyên nhân", "Mức ban đầu", "Biện pháp xử lý", "Mức còn lại", "Người phụ trách",
             "Xem xét lại"],
            [[f"{'Cơ hội' if r.kind == 'opportunity' else 'Rủi ro'}: {r.title}", r.cause or "—",
              _level(r.level, r.inherent_score), f"{r.get_treatment_display()}. {r.actions}".strip(),
              _level(r.residual_level, r.residual_score_db), r.owner.display_name, vn_date(r.review_on)]
             for r in register])]),
    ]
    head = "CHỦ TỊCH" if identity["agency_name"].startswith("UBND") else "GIÁM ĐỐC"
    return AdministrativeDocument(
        doc_type=REPORT, subject="Nhận diện bối cảnh, các bên quan tâm, rủi ro và cơ hội",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        number=f"      /BC-{identity['agency_symbol']}", issued_on=timezone.localdate(), sections=sections,
        signatures=[SignatureBlock(authority=[head])],
        recipients=["Ban chỉ đạo ISO;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."])
