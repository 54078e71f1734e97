app_name = "province_reports"
urlpatterns: list = []
