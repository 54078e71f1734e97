"""Full-text search over an agency's documents (and the tools records/search.py shares), with or without
Vietnamese diacritics.

PostgreSQL does the work: each Document and Record keeps a weighted `search_vector` (GIN-indexed), built
with the `public.eiso_vi` configuration (simple + unaccent, see core/migrations/0001) so "quy trinh" finds
"quy trình". Vectors are rebuilt by `refresh_document_search` / `refresh_record_search`, which the services
call after every change to what is searchable (not by triggers: content is HTML, attachments live in other
rows, and the text is normalised in Python first).

Weights: code and title A, the current content B, attached files' text C, owner unit D (documents);
title and reference A, field B, the procedure's code and title B, extracted text C (records).
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, FloatField, QuerySet, Value, When
from django.db.models.functions import Upper

from .models import Document, Revision, RevisionState

CONFIG = "public.eiso_vi"

_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"</?(p|div|li|tr|td|th|h[1-6]|br|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_TERM_RE = re.compile(r"[\w]+(?:[-./][\w]+)*", re.UNICODE)
# Anything that makes a query more than a list of words goes to websearch_to_tsquery unchanged.
_WEBSEARCH_SYNTAX_RE = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')


def html_to_text(html: str) -> str:
    """The words of a rich-text body, one block per line."""
    text = _BLOCK_RE.sub("\n", html or "")
    text = unescape(_TAG_RE.sub(" ", text))
    return normalize(text)


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def _searchable_revision(document: Document) -> Revision | None:
    """What a search should show about a document: the effective edition, else the one being drafted."""
    if document.effective_revision_id:
        return document.effective_revision
    return (document.revisions.exclude(state__in=[RevisionState.SUPERSEDED, RevisionState.WITHDRAWN])
            .order_by("-edition").first()
            or document.revisions.order_by("-edition").first())


def _vector(text: str, weight: str):
    return SearchVector(Value(text), weight=weight, config=CONFIG)


def refresh_document_search(document: Document) -> None:
    """Rebuild the document's search vector from its code, title, content and attachments."""
    revision = _searchable_revision(document)
    content = html_to_text(revision.content) if revision else ""
    attachments = ""
    if revision is not None:
        attachments = " ".join(normalize(text) for text in
                               revision.attachments.values_list("extracted_text", flat=True) if text)
        attachments = " ".join([attachments] + [normalize(name) for name in
                                                revision.attachments.values_list("original_name", flat=True)])
    vector = (_vector(normalize(f"{document.code} {document.title}"), "A")
              + _vector(content, "B")
              + _vector(attachments, "C")
              + _vector(normalize(document.owner_unit), "D"))
    # update() on purpose: the vector is derived data, saving the model would bump updated_at.
    Document.objects.filter(pk=document.pk).update(search_vector=vector)


def is_websearch(text: str) -> bool:
    return bool(_WEBSEARCH_SYNTAX_RE.search(normalize(text)))


def build_query(text: str, *, prefix: bool = False) -> SearchQuery | None:
    """A tsquery for what the user typed, or None if nothing searchable was typed.

    A list of words matches every word (as a prefix when `prefix`, so "quy trin" finds "quy trình");
    quotes, OR and -word keep PostgreSQL's web-search meaning. Codes need no prefix: "QT-HT" is itself a
    lexeme of every "QT-HT-xx" code (PostgreSQL's parser indexes the hyphenated head and each part).
    """
    text = normalize(text)
    if not text:
        return None
    if is_websearch(text):
        return SearchQuery(text, config=CONFIG, search_type="websearch")
    terms = _TERM_RE.findall(text)
    if not terms:
        return None
    star = ":*" if prefix else ""
    return SearchQuery(" & ".join(f"'{term.lower()}'{star}" for term in terms), config=CONFIG, search_type="raw")


def _best_query(text: str, queryset) -> SearchQuery | None:
    """Whole words first: that query is answered from the GIN index in well under a millisecond. Only if
    it finds nothing (a word still being typed) fall back to prefixes, which PostgreSQL's planner will
    not send through the GIN index (partial-match cost) and so scans the table: fine at agency scale."""
    exact = build_query(text)
    if exact is None or is_websearch(text) or queryset.filter(search_vector=exact).exists():
        return exact
    return build_query(text, prefix=True)


def _code_boost(query_text: str):
    """Someone typing a code wants that document first."""
    code = normalize(query_text).upper()
    return Case(When(code_upper=code, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def search_documents(query: str, *, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Documents matching `query`, best first, annotated with `rank` (one EXISTS query is run now to
    choose between whole-word and prefix matching; the results are queried when evaluated).

    Pass `queryset` to search inside what the user may see (e.g. selectors.visible_documents(user)).
    """
    queryset = Document.objects.all() if queryset is None else queryset
    tsquery = _best_query(query, queryset)
    if tsquery is None:
        return queryset.none()
    return (queryset.filter(search_vector=tsquery)
            .annotate(code_upper=Upper("code"))
            .annotate(rank=SearchRank(F("search_vector"), tsquery) + _code_boost(query))
            .order_by("-rank", "code"))
