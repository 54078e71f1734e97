"""The inspection's papers in the Decree 30 layout (DOCX/PDF through printing), filled from what eISO recorded:
the plan (KẾ HOẠCH, its table of agencies), a dossier check's request letter (công văn asking the agency for
its report and evidence), the on-site decision (QUYẾT ĐỊNH with its team) and the record (BIÊN BẢN, with its
checklist and findings, signed by the team lead and the agency)."""

from __future__ import annotations

from django.utils.html import escape

from printing.administrative import (
    DECISION,
    LETTER,
    MINUTES,
    PLAN,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import QMS_LEGAL_BASIS, agency_identity

from .models import Inspection, InspectionPlan, TeamMember
from .selectors import checklist_items

LEGAL_BASIS = QMS_LEGAL_BASIS


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _dost_identity(province_id) -> dict:
    from tenants.models import Agency

    dost = Agency.objects.agencies().filter(province_id=province_id, level=Agency.Level.SUPERVISOR).first()
    return agency_identity(dost)


def plan_document(plan: InspectionPlan) -> AdministrativeDocument:
    identity = _dost_identity(plan.province_id)
    rows = [[str(i), line.agency.name, line.inspecting_unit, line.cooperating_unit, line.expected_time,
             str(line.get_form_display()), line.budget_shown]
            for i, line in enumerate(plan.inspections.select_related("agency").order_by("agency__level",
                                                                                          "agency__name"), 1)]
    total = sum(line.budget or 0 for line in plan.inspections.all())
    sections = [
        Section(None, "I. MỤC ĐÍCH, YÊU CẦU", html=_p(
            "Đánh giá việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc "
            "gia TCVN ISO 9001 tại các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước trên địa bàn tỉnh; "
            "kiến nghị khắc phục những tồn tại, hạn chế.")),
        Section(None, "II. NỘI DUNG, ĐỐI TƯỢNG, HÌNH THỨC VÀ THỜI GIAN KIỂM TRA", html=_p(
            "Nội dung kiểm tra theo Điều 36 Thông tư số 26/2014/TT-BKHCN; đối tượng, hình thức và thời gian dự "
            "kiến như sau:"), tables=[Table(["STT", "Cơ quan được kiểm tra", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                              "Thời gian dự kiến", "Hình thức", "Kinh phí (đồng)"], rows)]),
        Section(None, "III. KINH PHÍ", html=_p(f"Tổng kinh phí dự kiến: {total:,} đồng.".replace(",", "."))),
    ]
    return AdministrativeDocument(
        doc_type=PLAN, subject=plan.title, agency_name=identity["agency_name"], parent_body=identity["parent_body"],
        place=identity["place"], number=f"{plan.year}/KH-{identity['agency_symbol']}" if plan.submitted_on else "",
        issued_on=plan.submitted_on, sections=sections,
        signatures=[SignatureBlock(authority=["GIÁM ĐỐC"])],
        recipients=["Ủy ban nhân dân tỉnh (để báo cáo);", "Các cơ quan được kiểm tra;", "Lưu: VT, "
                    f"{plan.inspecting_unit}."])


def _approval(plan: InspectionPlan) -> str:
    if not plan.approval_number:
        return f"Kế hoạch kiểm tra năm {plan.year}"
    return (f"Kế hoạch kiểm tra năm {plan.year} được Ủy ban nhân dân tỉnh phê duyệt tại Quyết định số "
            f"{plan.approval_number} ngày {plan.approved_on:%d/%m/%Y}")


def request_document(inspection: Inspection) -> AdministrativeDocument:
    """The letter asking the agency, in a dossier check, for its report and the evidence behind it."""
    identity = _dost_identity(inspection.plan.province_id)
    agency = inspection.agency.name
    due = inspection.answer_due.strftime("%d/%m/%Y") if inspection.answer_due else "…"
    points = "".join(_p(f"{item['letter']}) {item['text']}") for item in checklist_items())
    html = (_p(f"Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10/10/2014 của Bộ trưởng Bộ Khoa học và Công nghệ quy "
               f"định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg; căn cứ {_approval(inspection.plan)},")
            + _p(f"{identity['agency_name']} tổ chức kiểm tra việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống "
                 f"quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 tại {agency} theo hình thức kiểm tra "
                 "hồ sơ. Đề nghị Quý cơ quan báo cáo tình hình áp dụng Hệ thống quản lý chất lượng theo các nội "
                 "dung sau, kèm theo tài liệu, hồ sơ chứng minh:")
            + points
            + _p(f"Báo cáo và tài liệu, hồ sơ kèm theo gửi qua Hệ thống eISO (mục Kiểm tra) trước ngày {due}.")
            + _p(f"Đơn vị đầu mối: {inspection.inspecting_unit}"
                 + (f", phối hợp với {inspection.cooperating_unit}" if inspection.cooperating_unit else "") + ".")
            + _p("Trân trọng./."))
    return AdministrativeDocument(
        doc_type=LETTER, subject="Đề nghị báo cáo việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        number=inspection.letter_number, issued_on=inspection.letter_on, addressees=[agency],
        intro_html=html, signatures=[SignatureBlock(authority=["GIÁM ĐỐC"])],
        recipients=["Như trên;", f"Lưu: VT, {inspection.inspecting_unit}."])


def decision_document(inspection: Inspection) -> AdministrativeDocument:
    identity = _dost_identity(inspection.plan.province_id)
    team = [[m.name, m.position, str(m.get_role_display())] for m in inspection.team.all()]
    plan = inspection.plan
    basis = list(LEGAL_BASIS)
    if plan.approval_number:
        basis.append(f"Căn cứ Quyết định số {plan.approval_number} ngày {plan.approved_on:%d/%m/%Y} của Ủy ban nhân "
                     f"dân tỉnh phê duyệt Kế hoạch kiểm tra năm {plan.year};")
    visit = inspection.visit_on.strftime("%d/%m/%Y") if inspection.visit_on else "…"
    articles = [
        Section(None, "Điều 1.", html=_p(
            f"Kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001 tại {inspection.agency.name} "
            f"vào ngày {visit}. Thành lập Đoàn kiểm tra gồm các ông (bà) có tên sau:"),
            tables=[Table(["Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ trong Đoàn"], team)]),
        Section(None, "Điều 2.", html=_p(
            "Đoàn kiểm tra có nhiệm vụ kiểm tra các nội dung quy định tại Điều 36 Thông tư số 26/2014/TT-BKHCN, "
            "lập biên bản kiểm tra và báo cáo kết quả; Đoàn tự giải thể sau khi hoàn thành nhiệm vụ.")),
        Section(None, "Điều 3.", html=_p(
            f"Quyết định này có hiệu lực kể từ ngày ký. {inspection.inspecting_unit}, {inspection.agency.name} và "
            "các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.")),
    ]
    return AdministrativeDocument(
        doc_type=DECISION, subject=f"Về việc kiểm tra việc áp dụng HTQLCL tại {inspection.agency.name}",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        number=inspection.letter_number, issued_on=inspection.letter_on,
        intro_html="".join(f"<p><em>{escape(line)}</em></p>" for line in basis)
        + "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        sections=articles, signatures=[SignatureBlock(authority=["GIÁM ĐỐC"])],
        recipients=["Như Điều 3;", "Lưu: VT."])


def record_document(inspection: Inspection) -> AdministrativeDocument:
    identity = _dost_identity(inspection.plan.province_id)
    checklist = [[item.text, item.evidence.replace("\n", "; "), str(item.get_result_display()), item.note]
                 for item in inspection.checklist.all()]
    findings = [[str(i), f.description, f.requirement, str(f.get_grade_display())]
                for i, f in enumerate(inspection.findings.all(), 1)]
    team = ", ".join(f"{m.name} ({m.get_role_display()})" for m in inspection.team.all()) or inspection.inspecting_unit
    lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
    sections = [
        Section(None, "I. THÀNH PHẦN", html=_p(f"Đoàn kiểm tra: {team}.") + _p(f"Cơ quan được kiểm tra: "
                                                                             f"{inspection.agency.name}.")),
        Section(None, "II. NỘI DUNG KIỂM TRA", html=_p("Theo Điều 36 Thông tư số 26/2014/TT-BKHCN:"),
                tables=[Table(["Nội dung", "Dữ liệu của cơ quan", "Kết quả", "Ghi chú"], checklist)]),
        Section(None, "III. KẾT LUẬN", html="".join(_p(line) for line in inspection.conclusion.splitlines()
                                                    if line.strip())),
    ]
    if findings:
        due = inspection.corrective_due.strftime("%d/%m/%Y") if inspection.corrective_due else ""
        sections.append(Section(None, "IV. KIẾN NGHỊ", html=_p(
            f"Cơ quan khắc phục các điểm không phù hợp sau và gửi báo cáo kết quả khắc phục trước ngày {due}:"),
            tables=[Table(["STT", "Điểm không phù hợp", "Yêu cầu", "Mức độ"], findings)]))
    signed = {"lead": inspection.lead_signed_at, "agency": inspection.agency_signed_at}
    return AdministrativeDocument(
        doc_type=MINUTES, subject=f"Kiểm tra việc áp dụng HTQLCL tại {inspection.agency.name}",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        issued_on=inspection.record_on,
        signatures=[SignatureBlock(authority=["ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA"],
                                   signed_on=signed["agency"].strftime("%d/%m/%Y") if signed["agency"] else ""),
                    SignatureBlock(authority=["TRƯỞNG ĐOÀN KIỂM TRA"], name=lead.name if lead else "",
                                   signed_on=signed["lead"].strftime("%d/%m/%Y") if signed["lead"] else "")],
        sections=sections)


PRINTERS = {"pdf": (administrative_pdf, "application/pdf"),
            "docx": (administrative_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}
PAPERS = {"request": (request_document, "Văn bản đề nghị báo cáo"),
          "decision": (decision_document, "Quyết định kiểm tra"), "record": (record_document, "Biên bản kiểm tra")}
# the paper each form of inspection has (the other form's is not printed for it)
FORM_PAPERS = {"request": Inspection.Form.DOSSIER, "decision": Inspection.Form.ON_SITE}


def printed(document: AdministrativeDocument, name: str, fmt: str) -> tuple[bytes, str, str] | None:
    """(file, file name, content type) as `fmt` ("pdf" or "docx"); None for another format."""
    if fmt not in PRINTERS:
        return None
    printer, content_type = PRINTERS[fmt]
    return printer(document), f"{name}.{fmt}", content_type


def printed_paper(inspection: Inspection, paper: str, fmt: str) -> tuple[bytes, str, str] | None:
    if paper not in PAPERS or FORM_PAPERS.get(paper, inspection.form) != inspection.form:
        return None
    build, title = PAPERS[paper]
    return printed(build(inspection), f"{title} - {inspection.agency.slug}", fmt)


def printed_plan(plan: InspectionPlan, fmt: str) -> tuple[bytes, str, str] | None:
    return printed(plan_document(plan), f"Kế hoạch kiểm tra {plan.year}", fmt)
