"""Vietnamese administrative print layouts every area uses: PDF (WeasyPrint) and DOCX (python-docx).

- `procedure`: an ISO procedure as agencies print it (header table, Soạn thảo / Xem xét / Phê duyệt,
  "Theo dõi sửa đổi", numbered sections with their tables), from a `ProcedureSheet`.
- `administrative`: a document in the Decree 30/2020/NĐ-CP format (issuer | national motto, number,
  place and date, type and subject, body, recipients | signing authority): decisions, reports, minutes,
  plans, from an `AdministrativeDocument`.
- `vietnamese`: dates as Vietnamese papers write them, the issuing agency's name, parent body and place.

Layouts take plain data, never an area's models: the area builds the sheet, printing draws it.
"""
