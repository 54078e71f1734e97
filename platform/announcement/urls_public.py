app_name = "public_page"
urlpatterns: list = []
