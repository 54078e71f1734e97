app_name = "nonconformities"
urlpatterns: list = []
