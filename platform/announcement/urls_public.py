"""The agency's public page: no log-in (tests/api/matrix.py OPEN_WEB_VIEWS lists these names)."""

from django.urls import path

from . import views_public

app_name = "public_page"
urlpatterns = [
    path("", views_public.page, name="page"),
    path("qr.svg", views_public.qr_svg, name="qr_svg"),
    path("qr.png", views_public.qr_png, name="qr_png"),
    path("a4/", views_public.poster, name="poster"),
    path("files/<int:pk>/", views_public.download, name="download"),
]
