"""The context, interested parties and register of risks and opportunities of the agencies with QMS content,
through the services. A department (Sở) and a commune (UBND xã/phường) face different issues and parties;
each register has ten entries linked to the agency's own procedures, some treated and re-assessed, one
closed and one whose review date has passed, so the heat map, the filters and the reminders all show.
"""

from __future__ import annotations

from datetime import date

# (side, category, description, effect, noted on)
DEPARTMENT_ISSUES = [
    ("external", "legal", "Nhiều văn bản quy phạm pháp luật về lý lịch tư pháp, hộ tịch, công chứng được sửa đổi "
     "trong năm 2026 sau khi sắp xếp tổ chức bộ máy.", "Quy trình nội bộ phải cập nhật kịp thời, nếu không sẽ "
     "áp dụng căn cứ pháp lý đã hết hiệu lực.", date(2026, 1, 12)),
    ("external", "citizens", "Người dân và doanh nghiệp ngày càng nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc "
     "gia, yêu cầu trả kết quả nhanh và minh bạch.", "Cần chuẩn hóa quy trình điện tử, theo dõi thời hạn từng bước.",
     date(2026, 2, 3)),
    ("external", "technology", "Hệ thống thông tin giải quyết TTHC của tỉnh được nâng cấp, kết nối Cơ sở dữ liệu "
     "quốc gia về dân cư.", "Giảm giấy tờ phải nộp; cần đào tạo lại công chức tiếp nhận.", date(2026, 3, 9)),
    ("internal", "people", "Biên chế giảm sau sắp xếp; một số công chức mới chuyển công tác chưa nắm quy trình ISO.",
     "Nguy cơ sai sót khi thẩm định hồ sơ, cần đào tạo nhận thức ISO.", date(2026, 1, 20)),
    ("internal", "infrastructure", "Máy chủ lưu trữ hồ sơ điện tử đặt tại phòng máy của Sở, chưa có sao lưu ngoài.",
     "Rủi ro mất dữ liệu khi có sự cố.", date(2026, 4, 14)),
    ("internal", "finance", "Kinh phí duy trì ISO năm 2026 được bố trí trong dự toán chi thường xuyên.",
     "Đủ để đánh giá nội bộ và đào tạo một lần trong năm.", date(2026, 2, 25)),
]
COMMUNE_ISSUES = [
    ("external", "legal", "Sau khi sáp nhập đơn vị hành chính cấp xã (01/7/2025), nhiều TTHC được phân cấp từ "
     "cấp huyện về cấp xã.", "Bộ phận một cửa tiếp nhận thêm lĩnh vực mới, quy trình phải xây dựng bổ sung.",
     date(2026, 1, 8)),
    ("external", "citizens", "Dân cư đông, nhiều người cao tuổi chưa quen nộp hồ sơ trực tuyến.",
     "Cần hướng dẫn trực tiếp tại Bộ phận một cửa và qua tổ công nghệ số cộng đồng.", date(2026, 2, 16)),
    ("external", "technology", "Đường truyền Internet đến trụ sở thường chập chờn vào mùa mưa bão.",
     "Gián đoạn tiếp nhận hồ sơ trên hệ thống điện tử.", date(2026, 6, 2)),
    ("internal", "people", "Bộ phận một cửa chỉ có 3 công chức cho hơn 20 lĩnh vực TTHC.",
     "Dễ trễ hạn vào cao điểm (đầu năm học, cuối năm).", date(2026, 1, 15)),
    ("internal", "infrastructure", "Trụ sở mới sau sáp nhập chưa bố trí đủ kho lưu trữ hồ sơ giấy.",
     "Hồ sơ lưu chồng chéo, khó truy xuất.", date(2026, 3, 23)),
]
DEPARTMENT_PARTIES = [
    ("Người dân, tổ chức có yêu cầu giải quyết TTHC", "Hồ sơ được giải quyết đúng hạn, đúng pháp luật; thông tin "
     "công khai, dễ tra cứu; thái độ phục vụ tận tình.", "Khảo sát mức độ hài lòng hằng quý; tỷ lệ hồ sơ đúng hạn "
     "trên Hệ thống thông tin giải quyết TTHC."),
    ("UBND tỉnh Vĩnh Long", "Thực hiện đúng chỉ đạo, báo cáo kịp thời, chỉ số cải cách hành chính được cải thiện.",
     "Báo cáo định kỳ; kết quả chấm điểm chỉ số CCHC (PAR Index)."),
    ("Sở Khoa học và Công nghệ", "Áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 đúng Quyết định "
     "19/2014/QĐ-TTg và hướng dẫn hiện hành.", "Kiểm tra việc áp dụng ISO hằng năm; báo cáo trên eISO."),
    ("Bộ Tư pháp", "Thực hiện thống nhất quy định chuyên ngành, cập nhật dữ liệu hộ tịch, lý lịch tư pháp.",
     "Văn bản hướng dẫn, đợt kiểm tra chuyên ngành."),
    ("Công chức, viên chức của Sở", "Quy trình rõ ràng, phân công hợp lý, được đào tạo.", "Họp cơ quan; góp ý "
     "khi xem xét của lãnh đạo."),
]
COMMUNE_PARTIES = [
    ("Người dân trên địa bàn", "Thủ tục đơn giản, trả kết quả đúng hẹn, được hướng dẫn tận tình tại một cửa.",
     "Hộp thư góp ý; khảo sát hài lòng; theo dõi hồ sơ trễ hạn."),
    ("Hộ kinh doanh, doanh nghiệp nhỏ", "Chứng thực, cấp giấy tờ nhanh; biết trước phí, lệ phí.",
     "Phản ánh qua Cổng dịch vụ công và đường dây nóng."),
    ("UBND tỉnh Vĩnh Long và các sở, ngành", "Thực hiện đúng quy trình, báo cáo đúng hạn.",
     "Báo cáo định kỳ; kết quả kiểm tra công vụ."),
    ("Sở Khoa học và Công nghệ", "Duy trì HTQLCL theo TCVN ISO 9001:2015.", "Kiểm tra hằng năm; báo cáo trên eISO."),
    ("Đảng ủy, HĐND xã", "Cải cách hành chính thực chất, người dân hài lòng.", "Giám sát chuyên đề; chất vấn tại kỳ họp."),
]
# (kind, title, process, document codes, cause, consequence, likelihood, impact, treatment, actions,
#  identified on, review on, residual (likelihood, impact, assessed on) or None, closed)
RISKS = [
    ("risk", "Hồ sơ trễ hạn do thiếu nhân sự một cửa", "Tiếp nhận và trả kết quả TTHC", ["QT-TTHC-01", "QT-TTHC-02"],
     "Số công chức một cửa ít, nghỉ phép, luân chuyển.", "Trễ hạn, người dân phàn nàn, giảm chỉ số CCHC.", 4, 4,
     "reduce", "Bố trí công chức dự phòng; theo dõi hạn xử lý hằng ngày trên hệ thống.", date(2026, 2, 10),
     date(2027, 2, 10), (2, 3, date(2026, 8, 20)), False),
    ("risk", "Mất dữ liệu do sự cố máy chủ", "Lưu trữ hồ sơ điện tử", ["QT-HT-01"],
     "Máy chủ không có sao lưu ngoài; mất điện, hỏng ổ cứng.", "Mất hồ sơ, không truy xuất được kết quả đã cấp.",
     3, 5, "reduce", "Sao lưu hằng tuần lên hạ tầng của Trung tâm Chuyển đổi số tỉnh; lắp bộ lưu điện.",
     date(2026, 4, 20), date(2026, 11, 20), None, False),
    ("risk", "Thay đổi văn bản pháp luật chưa cập nhật", "Kiểm soát thông tin dạng văn bản", ["QT-HT-01", "QT-HT-05"],
     "Không theo dõi thường xuyên văn bản mới ban hành.", "Giải quyết TTHC theo căn cứ hết hiệu lực.", 4, 4,
     "reduce", "Giao thư ký ISO rà soát sổ đăng ký văn bản pháp luật hằng tháng trên eISO.", date(2026, 1, 15),
     date(2027, 1, 15), (2, 4, date(2026, 9, 30)), False),
    ("risk", "Sai sót thông tin trên giấy tờ trả cho người dân", "Thẩm định và ký duyệt", ["QT-TTHC-01"],
     "Nhập liệu thủ công, kiểm tra chéo chưa chặt.", "Phải cấp lại, mất thời gian của người dân.", 3, 3, "reduce",
     "Áp dụng bước kiểm tra chéo trước trình ký.", date(2026, 3, 5), date(2026, 12, 20), None, False),
    ("risk", "Khiếu nại về thái độ phục vụ tại một cửa", "Tiếp nhận và trả kết quả TTHC", ["QT-HT-06"],
     "Áp lực công việc, giao tiếp chưa chuẩn mực.", "Ảnh hưởng hình ảnh cơ quan.", 2, 3, "reduce",
     "Tập huấn kỹ năng giao tiếp; niêm yết đường dây nóng.", date(2026, 2, 18), date(2027, 3, 1), None, False),
    ("risk", "Đánh giá nội bộ không đủ chuyên gia độc lập", "Đánh giá nội bộ", ["QT-HT-02"],
     "Ít người có chứng chỉ chuyên gia đánh giá.", "Đánh giá hình thức, không phát hiện điểm không phù hợp.",
     3, 2, "transfer", "Mời chuyên gia của cơ quan khác trong tỉnh tham gia đoàn đánh giá.", date(2026, 5, 6),
     date(2027, 5, 6), None, False),
    ("risk", "Mất hồ sơ giấy khi chuyển trụ sở", "Lưu trữ hồ sơ", ["QT-HT-01"], "Sắp xếp trụ sở sau sáp nhập.",
     "Thiếu hồ sơ gốc khi cần đối chiếu.", 2, 4, "avoid", "Lập danh mục, đóng thùng, bàn giao có biên bản.",
     date(2026, 1, 28), date(2026, 7, 1), (1, 2, date(2026, 6, 15)), True),
    ("risk", "Gián đoạn hệ thống một cửa điện tử", "Tiếp nhận hồ sơ trực tuyến", ["QT-TTHC-02"],
     "Đường truyền, lỗi phần mềm của hệ thống tỉnh.", "Không tiếp nhận được hồ sơ trực tuyến trong ngày.", 3, 3,
     "accept", "Tiếp nhận hồ sơ giấy và nhập bù khi hệ thống hoạt động lại.", date(2026, 6, 10),
     date(2026, 12, 30), None, False),
    ("opportunity", "Kết nối Cơ sở dữ liệu quốc gia về dân cư", "Tiếp nhận và trả kết quả TTHC",
     ["QT-TTHC-01", "QT-TTHC-02"], "Hệ thống của tỉnh đã kết nối CSDL dân cư.",
     "Giảm giấy tờ người dân phải nộp, rút ngắn thời gian thẩm định.", 4, 3, "exploit",
     "Cập nhật quy trình, bỏ yêu cầu bản sao giấy tờ đã có trong CSDL.", date(2026, 3, 12), date(2027, 3, 12),
     None, False),
    ("opportunity", "Số hóa hồ sơ, kết quả giải quyết TTHC", "Lưu trữ hồ sơ điện tử", ["QT-HT-01"],
     "Kinh phí chuyển đổi số của tỉnh năm 2026.", "Truy xuất nhanh, tái sử dụng kết quả số hóa.", 3, 4, "enhance",
     "Đăng ký tham gia đợt số hóa của tỉnh; phân công cán bộ phụ trách.", date(2026, 4, 2), date(2027, 4, 2),
     None, False),
]


def ensure(agency, people: dict, index: int) -> int:
    """Context, parties and register of `agency` (people: role suffix -> User); 0 when it has them."""
    from documents.models import Document
    from risks import services
    from risks.models import ContextIssue, Risk

    if ContextIssue.objects.exists() or Risk.objects.exists():
        return 0
    secretary = people["thuky"]
    commune = agency.level == "commune"
    made = 0
    for side, category, description, effect, noted_on in (COMMUNE_ISSUES if commune else DEPARTMENT_ISSUES):
        services.record_issue(actor=secretary, side=side, category=category, description=description,
                              effect=effect, noted_on=noted_on)
        made += 1
    for name, needs, monitoring in (COMMUNE_PARTIES if commune else DEPARTMENT_PARTIES):
        services.record_party(actor=secretary, name=name, needs=needs, monitoring=monitoring)
        made += 1
    by_code = dict(Document.objects.filter(withdrawn=False).values_list("code", "pk"))
    owners = [people["thuky"], people["lanhdao"], people["canbo"]]
    for number, (kind, title, process, codes, cause, consequence, likelihood, impact, treatment, actions,
                 identified_on, review_on, residual, closed) in enumerate(RISKS):
        risk = services.record_risk(
            actor=secretary, kind=kind, title=title, process=process, cause=cause, consequence=consequence,
            documents=[by_code[code] for code in codes if code in by_code], likelihood=likelihood, impact=impact,
            treatment=treatment, actions=actions, owner=owners[(number + index) % len(owners)],
            review_on=review_on, identified_on=identified_on)
        if residual is not None:
            services.reassess(risk, actor=secretary, likelihood=residual[0], impact=residual[1],
                              assessed_on=residual[2], note="Đã thực hiện các biện pháp xử lý theo kế hoạch.")
        if closed:
            services.close_risk(risk, actor=secretary, closed_on=residual[2] if residual else None)
        made += 1
    return made
